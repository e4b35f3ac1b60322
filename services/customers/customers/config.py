from pathlib import Path

from pydantic_settings import SettingsConfigDict

from servicekit import ServiceSettings


class Settings(ServiceSettings):
    model_config = SettingsConfigDict(env_prefix="CUSTOMERS_", extra="ignore", populate_by_name=True)

    service_name: str = "customers"
    jwt_private_key_file: Path | None = None
    token_ttl_seconds: int = 3600
    # The platform root's first credential; `make run` generates and prints it.
    bootstrap_client_id: str | None = None
    bootstrap_client_secret: str | None = None
    webhook_poll_seconds: float = 1.0
    webhook_timeout_seconds: float = 10.0
    # Providers' endpoints must be https; the dev stack and the tests receive on plain http on loopback.
    webhook_require_https: bool = True
