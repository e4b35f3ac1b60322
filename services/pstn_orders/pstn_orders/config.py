from pydantic_settings import SettingsConfigDict

from servicekit import ServiceSettings


class Settings(ServiceSettings):
    model_config = SettingsConfigDict(env_prefix="PSTN_ORDERS_", extra="ignore", populate_by_name=True)

    service_name: str = "pstn_orders"
