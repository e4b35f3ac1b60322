"""Customer API models."""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import datetime
from decimal import Decimal
from typing import Annotated, Any, Literal
from zoneinfo import available_timezones

import pycountry
from pydantic import (
    AfterValidator,
    BaseModel,
    ConfigDict,
    EmailStr,
    Field,
    StringConstraints,
    field_validator,
    model_validator,
)

from contracts.enums import CustomerState
from customers import examples
from customers.billing.schemas import Money, MoneyRead, NonNegativeMoney
from servicekit import SINGLE_LINE, Country, SingleLine, Text

CustomerKind = Literal["end_customer", "reseller", "termination_partner", "virtual", "own_organisation"]
Subscription = Literal["trial", "paid"]
AddonQuantities = dict[
    Annotated[SingleLine, StringConstraints(min_length=1, max_length=100)], Annotated[int, Field(ge=0)]
]
Name = Annotated[SingleLine, StringConstraints(min_length=1, max_length=300)]


def _time_zone(value: str) -> str:
    if value not in available_timezones():
        raise ValueError(f"{value!r} is not an IANA time zone")
    return value


def _language(value: str) -> str:
    if len(value) != 2 or pycountry.languages.get(alpha_2=value.lower()) is None:
        raise ValueError(f"{value!r} is not an ISO 639-1 language code")
    return value.lower()


class BillingAddress(BaseModel):
    model_config = ConfigDict(
        extra="forbid",
        json_schema_extra={
            "examples": [{"line1": "1 Main Street", "city": "Oslo", "postal_code": "0150", "country": "NO"}]
        },
    )

    line1: Name
    line2: Annotated[SingleLine, StringConstraints(max_length=300)] | None = None
    city: Name
    region: Annotated[SingleLine, StringConstraints(max_length=100)] | None = None
    postal_code: Annotated[SingleLine, StringConstraints(max_length=20)] | None = None
    country: Country = Field(description="ISO 3166-1 alpha-2; becomes the organisation country (R-CUST-08)")


class CustomerCreate(BaseModel):
    model_config = ConfigDict(
        extra="forbid",
        json_schema_extra={
            "examples": [
                {
                    "external_id": "crm-000042",
                    "name": "Fjord Logistics AS",
                    "billing_address": {
                        "line1": "1 Main Street",
                        "city": "Oslo",
                        "postal_code": "0150",
                        "country": "NO",
                    },
                    "contact_email": "it@fjord-logistics.example",
                    "packages": {"calling_standard": 25, "meetings": 10},
                }
            ]
        },
    )

    external_id: Annotated[SingleLine, StringConstraints(min_length=1, max_length=200)] = Field(
        description="Your own id for the customer; unique among your customers, filterable."
    )
    name: Name
    billing_address: BillingAddress
    contact_email: EmailStr
    packages: dict[
        Annotated[SingleLine, StringConstraints(min_length=1, max_length=100)], Annotated[int, Field(ge=0)]
    ] = Field(default_factory=dict, description="Package id → maximum number of users holding it (R-CUST-03).")
    addons: AddonQuantities = Field(
        default_factory=dict, description="Add-on id → quantity; add-ons not yet orderable are refused (R-CUST-05)."
    )
    subscription: Subscription = Field(
        "paid",
        description="`trial`: at most 10 new numbers and no porting until converted to paid (R-PSTN-07, R-PSTN-31)",
    )
    kind: CustomerKind = Field(
        "end_customer",
        description="reseller, termination_partner, virtual (e.g. prepaid cards), end_customer, or "
        "own_organisation: your own wholesale subscription, listed among your customers with no effect (R-CUST-07)",
    )
    tariff_id: uuid.UUID | None = Field(None, description="One of your tariffs; your default tariff if omitted")
    time_zone: Annotated[SingleLine, AfterValidator(_time_zone)] = Field("UTC", description="IANA, e.g. Europe/Oslo")
    language: Annotated[SingleLine, AfterValidator(_language)] = Field("en", description="ISO 639-1")
    web_login: Annotated[SingleLine, StringConstraints(min_length=3, max_length=200)] | None = None
    password: Annotated[str, StringConstraints(min_length=12, max_length=200, pattern=SINGLE_LINE)] | None = Field(
        None, description="For the web login; stored only as an argon2 hash, never returned (R-HIER-06)"
    )
    opening_balance: Money = Field(Decimal(0), description="The first ledger entry, in `currency`")
    credit_limit: NonNegativeMoney = Field(Decimal(0), description="In `currency`")
    currency: str = Field("USD", pattern=r"^[A-Z]{3}$", description="Of the opening balance and the credit limit")

    @model_validator(mode="after")
    def login_with_password(self) -> CustomerCreate:
        if (self.web_login is None) != (self.password is None):
            raise ValueError("web_login and password go together")
        return self


class BillingAddressUpdate(BaseModel):
    model_config = ConfigDict(
        extra="forbid",
        json_schema_extra={"examples": [{"billing_address": examples.CUSTOMER["billing_address"]}]},
    )

    billing_address: BillingAddress


class ScreeningRead(BaseModel):
    status: str = Field(description="pending, cleared, flagged, approved or rejected")
    review_case_id: uuid.UUID | None = Field(
        None, description="The review case of the current screening, kept once it is approved or rejected"
    )


class DialInRead(BaseModel):
    number: str | None = Field(description="E.164: the country's first dial-in number, else its region's default")
    region: str | None = Field(description="AMER, APAC, ANZ, EMEA or EURO")


class PackageStatusRead(BaseModel):
    package: str
    status: str = Field(description="provisioned or failed; a re-run retries the failed ones")
    warnings: list[str]
    errors: list[str]


class ErrorRead(BaseModel):
    reason: str
    detail: str | None = None


class CustomerRead(BaseModel):
    model_config = ConfigDict(from_attributes=True, json_schema_extra={"examples": [examples.CUSTOMER]})

    id: uuid.UUID
    parent_id: uuid.UUID | None
    external_id: str | None
    name: str
    kind: str
    state: CustomerState
    billing_address: dict[str, Any]
    country: str
    contact_email: str
    packages: dict[str, int]
    addons: dict[str, int]
    subscription: Subscription = Field(description="trial or paid; POST …/conversion turns a trial into paid")
    package_status: list[PackageStatusRead] = Field(
        description="Per package, once provisioning ran; any failed → state `provisioned_with_errors`"
    )
    dial_in: DialInRead = Field(description="The meetings site's default global dial-in number (R-CUST-09)")
    tariff_id: uuid.UUID | None
    time_zone: str
    language: str
    web_login: str | None
    balance_usd: MoneyRead = Field(description="GET …/balance?currency= for another currency")
    credit_limit_usd: MoneyRead
    screening: ScreeningRead
    error: ErrorRead | None = None
    version: int
    created_at: datetime
    updated_at: datetime

    @field_validator("package_status", mode="before")
    @classmethod
    def _per_package(cls, value: Any) -> Any:
        """Stored as package code → status; shown as a list in code order."""
        if isinstance(value, dict):
            return [{"package": code, **status} for code, status in sorted(value.items())]
        return value


class ProvisioningRun(BaseModel):
    model_config = ConfigDict(json_schema_extra={"examples": [examples.PROVISIONING_RUN]})

    run_id: uuid.UUID = Field(description="Carried by the `customer.provisioning_rerun.v1` event")
    state: CustomerState = Field(description="After failed packages were retried")
    package_status: list[PackageStatusRead]


class SuspendRequest(BaseModel):
    model_config = ConfigDict(extra="forbid", json_schema_extra={"examples": [{"reason": "Unpaid invoices"}]})

    reason: Annotated[Text, StringConstraints(max_length=2000)] | None = None


@dataclass(frozen=True)
class CustomerFilter:
    """What a list of customers is narrowed to."""

    state: CustomerState | None = None
    external_id: str | None = None
    parent_id: uuid.UUID | None = None  # direct children of this customer only
    name: str | None = None  # contained, case-insensitive
    created_since: datetime | None = None


class PrecheckResult(BaseModel):
    model_config = ConfigDict(json_schema_extra={"examples": [examples.PRECHECK]})

    ok: bool = Field(description="True when the create would be accepted as sent")
    problems: list[dict[str, Any]] = Field(description="One RFC 9457 problem per rule that would refuse it")


class AddonsUpdate(BaseModel):
    model_config = ConfigDict(
        extra="forbid",
        json_schema_extra={"examples": [{"addons": {"provider_calling_plan": 25, "attendant_console": 0}}]},
    )

    addons: AddonQuantities = Field(
        description="Add-on id → quantity, the whole set: an add-on left out has none. Add-ons not yet orderable "
        "are refused (R-CUST-05); `provider_calling_plan` is the calling-plan order R-PSTN-02 asks for."
    )
