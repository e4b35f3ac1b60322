"""The number order API's models."""

from __future__ import annotations

import uuid
from datetime import datetime
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, computed_field

from pstn_orders.support import DeskContact, desk_for

CUSTOMER_ID = "0b9f6c2e-4a51-4c1e-9a0f-3d2b7e5c8a11"
LOCATION_ID = "c1d2e3f4-a5b6-4c7d-8e9f-0a1b2c3d4e5f"
ORDER_ID = "5a4b3c2d-1e0f-4a9b-8c7d-6e5f4a3b2c1d"

ORDER_CREATE_EXAMPLE: dict[str, Any] = {
    "location_id": LOCATION_ID,
    "numbers": ["+12124560100", "+12124560101"],
    "confirm_alerts": ["other_locality"],
}

ORDER_EXAMPLE: dict[str, Any] = {
    "id": ORDER_ID,
    "order_number": "PSTN-5A4B3C2D1E",
    "customer_id": CUSTOMER_ID,
    "location_id": LOCATION_ID,
    "country": "US",
    "kind": "numbers",
    "state": "pending",
    "quantity": 2,
    "block": False,
    "block_id": None,
    "advanced": False,
    "number_type": None,
    "details": None,
    "numbers": [
        {"number": "+12124560100", "fulfilment": "in_progress", "failure_reason": None, "state": "NY",
         "locality": "New York"},
        {"number": "+12124560101", "fulfilment": "in_progress", "failure_reason": None, "state": "NY",
         "locality": "New York"},
    ],
    "confirmed_alerts": ["other_locality"],
    "awaiting_signature": True,
    "expected_fulfilment": "about 10 minutes after the customer signs the carrier contract",
    "activated_at": None,
    "expected_at": None,
    "completed_at": None,
    "failure_reason": None,
    "help": None,
    "number_policy_url": "https://wholesale.example/policies/pstn-numbers",
    "version": 1,
    "created_at": "2026-11-23T09:30:00Z",
    "updated_at": "2026-11-23T09:30:00Z",
}  # fmt: skip


class AutoAssign(BaseModel):
    """Numbers picked from the carrier's inventory by these criteria (R-PSTN-11)."""

    model_config = ConfigDict(extra="forbid")

    state: str | None = Field(None, min_length=2, max_length=2)
    npa: str | None = Field(None, pattern=r"^[2-9][0-9]{2}$", description="Area code")
    nxx: str | None = Field(None, pattern=r"^[2-9][0-9]{2}$", description="Prefix")
    locality: str | None = Field(None, max_length=100, description="City")
    quantity: int = Field(ge=1, description="How many; at most 100 (R-PSTN-06)")
    consecutive: bool = False
    block_size: Literal[10, 50, 100] | None = Field(None, description="An aligned block (paid only, R-PSTN-13)")


class SupportRequestCreate(BaseModel):
    """In an assisted country new numbers are asked of PSTN technical support (R-PSTN-14)."""

    model_config = ConfigDict(extra="forbid")

    quantity: int = Field(ge=1)
    number_type: Literal["local", "national"]
    details: str | None = Field(None, max_length=4000, description="Anything support should know")


class NumberOrderCreate(BaseModel):
    """Exactly one of numbers, cart_id, reservation_id, auto_assign (self-service) or support_request (assisted)."""

    model_config = ConfigDict(extra="forbid", json_schema_extra={"examples": [ORDER_CREATE_EXAMPLE]})

    location_id: uuid.UUID
    numbers: list[str] | None = Field(None, description="E.164 numbers chosen individually")
    cart_id: uuid.UUID | None = Field(None, description="Order the numbers of this cart")
    reservation_id: uuid.UUID | None = Field(None, description="Order the numbers of this reservation")
    auto_assign: AutoAssign | None = None
    support_request: SupportRequestCreate | None = None
    block: bool = Field(False, description="The numbers are one block of consecutive numbers (R-PSTN-13)")
    advanced: bool = Field(False, description="Advanced standard numbers (about 5 days instead of 10 minutes)")
    confirm_alerts: list[str] = Field(
        default_factory=list, description="Codes of the alerts a previous answer raised, now reviewed (R-PSTN-34)"
    )


class Alert(BaseModel):
    """Something to review before the order is placed (R-PSTN-34)."""

    code: str
    message: str
    numbers: list[str] = []


class NumberOrderItemRead(BaseModel):
    model_config = ConfigDict(from_attributes=True)

    number: str
    fulfilment: str = Field(description="in_progress, success or failed")
    failure_reason: str | None
    state: str | None = Field(description="The number's state or province")
    locality: str | None = Field(description="The number's locality (rate center)")


class NumberOrderRead(BaseModel):
    model_config = ConfigDict(from_attributes=True, json_schema_extra={"examples": [ORDER_EXAMPLE]})

    id: uuid.UUID
    order_number: str = Field(description="The PSTN order number to quote to support")
    customer_id: uuid.UUID
    location_id: uuid.UUID
    country: str
    kind: str = Field(description="numbers, or support_request in an assisted country (R-PSTN-14)")
    state: str = Field(description="pending, provisioned, error or action_required (R-PSTN-20)")
    quantity: int
    block: bool
    block_id: uuid.UUID | None
    advanced: bool
    number_type: str | None
    details: str | None
    numbers: list[NumberOrderItemRead] = Field(validation_alias="items")
    confirmed_alerts: list[str]
    awaiting_signature: bool = Field(description="Nothing is processed until the customer signs (R-PSTN-34)")
    expected_fulfilment: str | None = Field(description="How long fulfilment takes from the signature (R-PSTN-30)")
    activated_at: datetime | None
    expected_at: datetime | None = Field(description="Expected completion (R-PSTN-30), once processing started")
    completed_at: datetime | None
    failure_reason: str | None
    number_policy_url: str | None = Field(None, description="The provider's number policy (R-PSTN-27)")
    version: int
    created_at: datetime
    updated_at: datetime

    @computed_field(description="The desk to contact about the order in its state (R-PSTN-20, R-PSTN-24)")  # type: ignore[prop-decorator]
    @property
    def help(self) -> DeskContact | None:
        if self.state == "provisioned" and any(n.fulfilment == "failed" for n in self.numbers):
            return desk_for("error")  # R-PSTN-20: a partly fulfilled order names the desk for its failed numbers
        return desk_for(self.state)


class NumberOrderPrecheck(BaseModel):
    model_config = ConfigDict(
        json_schema_extra={
            "examples": [
                {
                    "ok": False,
                    "problems": [
                        {
                            "type": "https://problems.wholesale.example/validation-failed",
                            "title": "Request validation failed",
                            "status": 422,
                            "detail": "numbers[2]: +18005550100 is toll-free; toll-free numbers cannot be ordered",
                            "rule": "R-PSTN-05",
                        }
                    ],
                    "alerts": [],
                    "number_policy_url": "https://wholesale.example/policies/pstn-numbers",
                }
            ]
        }
    )

    ok: bool = Field(description="True when the order would be placed as sent (alerts confirmed)")
    problems: list[dict[str, Any]] = Field(description="One RFC 9457 problem per rule the order would break")
    alerts: list[Alert] = Field(description="Alerts the order would raise; list their codes in confirm_alerts")
    number_policy_url: str | None = None
