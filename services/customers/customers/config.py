from pathlib import Path

from pydantic import AliasChoices, Field
from pydantic_settings import SettingsConfigDict

from servicekit import ServiceSettings


class Settings(ServiceSettings):
    model_config = SettingsConfigDict(env_prefix="CUSTOMERS_", extra="ignore", populate_by_name=True)

    service_name: str = "customers"
    jwt_private_key_file: Path | None = None  # the key tokens are signed with now
    # Keys signed with before a rotation, still published at /.well-known/jwks.json until their tokens have
    # expired (a JSON list of Ed25519 public PEM files).
    jwt_previous_public_key_files: list[Path] = []
    token_ttl_seconds: int = 3600
    # After a secret rotation the previous secret is still accepted this long (a provider rolls it out).
    api_client_rotation_grace_seconds: int = 86_400
    # The platform root's first credential; `make run` generates and prints it.
    bootstrap_client_id: str | None = None
    bootstrap_client_secret: str | None = None
    webhook_poll_seconds: float = 1.0
    webhook_timeout_seconds: float = 10.0  # one attempt, connect to last byte
    # Attempts in flight at once, in all and to any one endpoint: a slow endpoint holds its own slots only.
    webhook_max_in_flight: int = 64
    webhook_max_in_flight_per_endpoint: int = 4
    # Where emails go (an endpoint disabled for failing is told to its owner's contact); the dev stack's sink.
    smtp_host: str = Field("127.0.0.1", validation_alias=AliasChoices("smtp_host", "CUSTOMERS_SMTP_HOST", "SMTP_HOST"))
    smtp_port: int = Field(1025, validation_alias=AliasChoices("smtp_port", "CUSTOMERS_SMTP_PORT", "SMTP_PORT"))
    smtp_username: str | None = None
    smtp_password: str | None = None
    smtp_start_tls: bool = False
    mail_from: str = "Wholesale platform <noreply@wholesale.example>"
    # Providers' endpoints must be https; the dev stack and the tests receive on plain http on loopback.
    webhook_require_https: bool = True
    # A new customer's screening must be answered in time: asked again after 120 s, then after twice as long
    # each try; after 5 unanswered tries (about an hour) onboarding stops in `error` (screening_unavailable).
    screening_deadline_seconds: float = 120.0
    screening_deadline_factor: float = 2.0
    screening_deadline_tries: int = 5
    # Administrator accounts (R-CC-02): the welcome email's get-started link is the hub's page at this address with
    # `?token=...`; it works once, for this long. A password has at least this many characters.
    account_link_base_url: str = "http://127.0.0.1:8000/get-started"
    account_invitation_ttl_seconds: int = 72 * 3600
    account_password_min_length: int = 12
