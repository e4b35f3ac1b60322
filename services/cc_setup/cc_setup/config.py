from typing import Literal

from pydantic import AliasChoices, Field
from pydantic_settings import SettingsConfigDict

from servicekit import ServiceSettings


class Settings(ServiceSettings):
    model_config = SettingsConfigDict(env_prefix="CC_SETUP_", extra="ignore", populate_by_name=True)

    service_name: str = "cc_setup"

    # The organisation SIP address the calling step proposes: <organisation>@<sip_domain> (R-CC-04).
    sip_domain: str = "cc.wholesale.example"
    # Each provisioning step of the tenant takes this long on the clock (R-CC-11: setup takes minutes).
    provisioning_step_seconds: int = 60
    # A step that failed for a passing reason is tried again after this wait, doubled each time, `tries` in all.
    provisioning_retry_seconds: int = 30
    provisioning_step_tries: int = 5
    # The longest a caller may wait on a provisioning job for its next change (GET ...?wait=).
    provisioning_max_wait_seconds: int = 30
    provisioning_wait_poll_seconds: float = 0.25

    # Where emails go (the connect invitation, R-CC-14); the dev stack's sink.
    smtp_host: str = Field("127.0.0.1", validation_alias=AliasChoices("smtp_host", "CC_SETUP_SMTP_HOST", "SMTP_HOST"))
    smtp_port: int = Field(1025, validation_alias=AliasChoices("smtp_port", "CC_SETUP_SMTP_PORT", "SMTP_PORT"))
    smtp_username: str | None = None
    smtp_password: str | None = None
    smtp_start_tls: bool = False
    mail_from: str = "Wholesale platform contact center <contact-center@wholesale.example>"

    # Connect, the digital channels (R-CC-13): "sandbox" is the one built in; a real client is passed to create_app.
    connect: Literal["sandbox"] = "sandbox"
    # The Standard Webhooks secret connect signs its webhooks with (whsec_ and base64); production sets its own.
    connect_webhook_secret: str = "whsec_Y29ubmVjdC1zYW5kYm94LXdlYmhvb2stc2VjcmV0LWRldg=="
    # Where the sandbox sends its webhooks; unset: into this app directly (one process, the tests).
    connect_webhook_url: str | None = None
    # R-CC-14: a connect invitation not taken up lapses after this many business days.
    connect_invitation_business_days: int = Field(7, ge=1)
    # A connect call or an invitation email that met a passing fault is tried again after this wait, doubled each
    # time, `connect_tries` in all.
    connect_retry_seconds: int = Field(60, ge=1)
    connect_tries: int = Field(8, ge=1)
