"""The trial and subscription-order API's models (R-CC-01)."""

from __future__ import annotations

import uuid
from datetime import datetime
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, EmailStr, Field, computed_field, model_validator

from servicekit import Country

CUSTOMER_ID = "0b9f6c2e-4a51-4c1e-9a0f-3d2b7e5c8a11"
Addon = Literal["cc_pstn", "cc_ai"]


class Licences(BaseModel):
    """Licence quantities of the contact center."""

    model_config = ConfigDict(extra="forbid")

    standard_agent: int = Field(0, ge=0, le=100_000)
    premium_agent: int = Field(0, ge=0, le=100_000)
    supervisor: int = Field(0, ge=0, le=100_000)

    @model_validator(mode="after")
    def _some_agent(self) -> Licences:
        if self.standard_agent + self.premium_agent == 0:
            raise ValueError("order at least one standard or premium agent licence")
        return self


class _OrderFields(BaseModel):
    model_config = ConfigDict(extra="forbid")

    country: Country = Field(description="The country of operation, the setup's default (R-CC-05)")
    administrator_email: EmailStr = Field(description="The customer administrator, welcomed by email (R-CC-02)")
    licences: Licences
    addons: list[Addon] = Field(
        default_factory=list,
        description="cc_pstn: the contact-center PSTN add-on (United States only, not for trials, R-CC-10); "
        "cc_ai: contact-center AI services (R-CC-07)",
    )


class TrialCreate(_OrderFields):
    model_config = ConfigDict(
        extra="forbid",
        json_schema_extra={
            "examples": [
                {
                    "country": "NO",
                    "administrator_email": "kari.nordmann@fjord-logistics.example",
                    "licences": {"standard_agent": 5, "premium_agent": 0, "supervisor": 1},
                    "addons": [],
                }
            ]
        },
    )


class SubscriptionOrderCreate(_OrderFields):
    model_config = ConfigDict(
        extra="forbid",
        json_schema_extra={
            "examples": [
                {
                    "order_reference": "SO-2026-004211",
                    "country": "US",
                    "administrator_email": "ops@hudson-bakery.example",
                    "licences": {"standard_agent": 25, "premium_agent": 5, "supervisor": 3},
                    "addons": ["cc_pstn"],
                }
            ]
        },
    )

    order_reference: str = Field(min_length=1, max_length=100, description="The provider's own order number")


class SetupLink(BaseModel):
    """R-CC-16: the answer offers to continue straight into setup."""

    rel: str = "setup"
    href: str
    message: str


ORDER_EXAMPLE: dict[str, Any] = {
    "id": "3e7d2c1b-9a8f-4e6d-8c5b-4a3f2e1d0c9b",
    "customer_id": CUSTOMER_ID,
    "kind": "trial",
    "order_reference": None,
    "country": "NO",
    "administrator_email": "kari.nordmann@fjord-logistics.example",
    "licences": {"standard_agent": 5, "premium_agent": 0, "supervisor": 1},
    "addons": [],
    "created_by": "cl_7f3a9c2e1b4d5a6f",
    "created_at": "2026-12-02T09:30:00Z",
    "version": 1,
    "continue_to_setup": {
        "rel": "setup",
        "href": f"/v1/customers/{CUSTOMER_ID}/contact-center/setup",
        "message": "Your trial is ready. Set up services for the customer now?",
    },
}


class OrderRead(BaseModel):
    model_config = ConfigDict(from_attributes=True, json_schema_extra={"examples": [ORDER_EXAMPLE]})

    id: uuid.UUID
    customer_id: uuid.UUID
    kind: Literal["trial", "subscription"]
    order_reference: str | None
    country: str
    administrator_email: str
    licences: dict[str, int]
    addons: list[str]
    created_by: str
    created_at: datetime
    version: int

    @computed_field(description="Where setup continues (R-CC-16)")  # type: ignore[prop-decorator]
    @property
    def continue_to_setup(self) -> SetupLink:
        ready = "Your trial is ready." if self.kind == "trial" else "Thank you. The order was mapped."
        return SetupLink(href=setup_path(self.customer_id), message=f"{ready} Set up services for the customer now?")


def setup_path(customer_id: uuid.UUID) -> str:
    return f"/v1/customers/{customer_id}/contact-center/setup"
