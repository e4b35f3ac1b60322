from pathlib import Path
from typing import Literal

from pydantic import AliasChoices, Field
from pydantic_settings import SettingsConfigDict
from sqlalchemy.engine import make_url

from pstn_orders.country import DEFAULT_MODES, CountryMode
from servicekit import ServiceSettings


class Settings(ServiceSettings):
    model_config = SettingsConfigDict(env_prefix="PSTN_ORDERS_", extra="ignore", populate_by_name=True)

    service_name: str = "pstn_orders"

    # Setup: connections, emergency addresses, the carrier contract
    calling_plan_countries: dict[str, CountryMode] = dict(DEFAULT_MODES)  # R-PSTN-25: country -> ordering mode
    number_policy_url: str = "https://wholesale.example/policies/pstn-numbers"  # R-PSTN-27
    # The contract email links to {contract_link_base_url}/v1/pstn-contracts/{contract_id}.
    contract_link_base_url: str = "http://127.0.0.1:8003"
    # Where emails go (the carrier contract to sign); the dev stack's sink.
    smtp_host: str = Field(
        "127.0.0.1", validation_alias=AliasChoices("smtp_host", "PSTN_ORDERS_SMTP_HOST", "SMTP_HOST")
    )
    smtp_port: int = Field(1025, validation_alias=AliasChoices("smtp_port", "PSTN_ORDERS_SMTP_PORT", "SMTP_PORT"))
    smtp_username: str | None = None
    smtp_password: str | None = None
    smtp_start_tls: bool = False
    mail_from: str = "Wholesale platform PSTN <pstn@wholesale.example>"

    # Number orders: limits, reservations and fulfilment times
    reservation_minutes: int = Field(30, ge=1, le=24 * 60)  # how long reserved numbers are held, and each extension
    max_numbers_per_order: int = Field(100, ge=1, le=100)  # R-PSTN-06
    trial_number_limit: int = Field(10, ge=0)  # R-PSTN-07
    port_cart_max_lines: int = Field(10_000, ge=1)  # R-PSTN-37: lines a port cart holds
    standard_fulfilment_minutes: int = 10  # R-PSTN-30: standard numbers, after the contract is signed
    advanced_fulfilment_days: int = 5  # R-PSTN-30: advanced standard numbers
    # After the expected completion passes without the carrier's callback, the order's status is asked for this
    # many times (the wait doubling from the first) before the order goes to error.
    order_status_first_wait_minutes: int = 5
    order_status_tries: int = 4

    # Documents (bills, LOAs): the filesystem store's folder (`make run`: .data/documents) and the largest upload.
    documents_dir: Path = Path(".data/documents")
    document_max_bytes: int = Field(10 * 1_048_576, ge=1)  # R-PSTN-15: 10 MiB
    # R-PSTN-17: how often the order contacts are reminded of a country-specific LOA still missing.
    port_loa_reminder_hours: float = Field(48.0, gt=0)

    # The carrier: "sandbox" is the one built in; a real carrier's client is passed to create_app.
    carrier: Literal["sandbox"] = "sandbox"
    # The sandbox carrier's own database (an outside system); unset: `sandbox_carrier` on database_url's server.
    sandbox_carrier_database_url: str | None = None
    # Numbers the sandbox builds at its first start; `python -m bench.numbers` builds ten million.
    sandbox_inventory_size: int = Field(5000, ge=0)
    sandbox_standard_fulfilment_seconds: float = Field(600, gt=0)  # after activation: about 10 minutes
    sandbox_advanced_fulfilment_seconds: float = Field(5 * 24 * 3600, gt=0)  # advanced numbers: about 5 days
    sandbox_poll_seconds: float = Field(1.0, gt=0)  # how often the sandbox looks at its clock
    sandbox_callback_retry_seconds: float = Field(5.0, gt=0)  # first wait after a refused callback, then doubling
    sandbox_callback_retry_max_seconds: float = Field(600, gt=0)

    def sandbox_database(self) -> str:
        if self.sandbox_carrier_database_url:
            return self.sandbox_carrier_database_url
        return make_url(self.database_url).set(database="sandbox_carrier").render_as_string(hide_password=False)
