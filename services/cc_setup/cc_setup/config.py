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
