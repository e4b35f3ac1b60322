from pydantic_settings import SettingsConfigDict

from servicekit import ServiceSettings


class Settings(ServiceSettings):
    model_config = SettingsConfigDict(env_prefix="CC_SETUP_", extra="ignore", populate_by_name=True)

    service_name: str = "cc_setup"
