"""The port cart API's models."""

from __future__ import annotations

import uuid
from datetime import datetime
from enum import StrEnum
from typing import Any

from pydantic import BaseModel, ConfigDict, Field

from pstn_orders.port_cart.classify import LineClass
from pstn_orders.support.desks import DeskContact


class Verdict(StrEnum):
    """The carrier's portability verdict on a valid line (R-PSTN-16)."""

    portable = "portable"
    not_portable = "not_portable"
    needs_pin = "needs_pin"
    rate_center_not_portable = "rate_center_not_portable"


class PastedLines(BaseModel):
    """What a paste read as: one entry per line, and where it came from (the request an Idempotency-Key binds)."""

    source: str  # text | csv | xlsx
    entries: list[str]


PORT_CART_EXAMPLE: dict[str, Any] = {
    "id": "5a1c9e2b-3d4f-4e6a-8b7c-9d0e1f2a3b4c",
    "customer_id": "0b9f6c2e-4a51-4c1e-9a0f-3d2b7e5c8a11",
    "lines": 6,
    "by_class": {"valid": 3, "invalid": 1, "duplicate": 1, "toll_free": 1, "already_ours": 0},
    "by_verdict": {"portable": 2, "not_portable": 0, "needs_pin": 1, "rate_center_not_portable": 0},
    "referred": 0,
    "version": 1,
    "created_at": "2026-12-02T09:30:00Z",
    "updated_at": "2026-12-02T09:30:00Z",
}


class PortCartRead(BaseModel):
    """The cart as counts (R-PSTN-37): how many lines of each class and verdict; the lines are listed apart."""

    model_config = ConfigDict(json_schema_extra={"examples": [PORT_CART_EXAMPLE]})

    id: uuid.UUID
    customer_id: uuid.UUID
    lines: int = Field(description="How many lines the cart holds")
    by_class: dict[LineClass, int] = Field(description="Lines per class")
    by_verdict: dict[Verdict, int] = Field(description="Valid lines per portability verdict")
    referred: int = Field(description="Lines referred to PSTN technical support")
    version: int
    created_at: datetime
    updated_at: datetime


LINE_EXAMPLE: dict[str, Any] = {
    "id": "7c2d4e6f-8a9b-4c1d-9e2f-3a4b5c6d7e8f",
    "cart_id": "5a1c9e2b-3d4f-4e6a-8b7c-9d0e1f2a3b4c",
    "position": 4,
    "raw": "(303) 555-0142",
    "number": "+13035550142",
    "line_class": "valid",
    "reason": None,
    "verdict": "not_portable",
    "verdict_reason": "the losing carrier does not release numbers of this range",
    "losing_carrier": "Front Range Telephone",
    "wireless": False,
    "rate_center": "DENVER",
    "referred_at": None,
    "created_at": "2026-12-02T09:30:00Z",
}


class PortCartLineRead(BaseModel):
    model_config = ConfigDict(from_attributes=True, json_schema_extra={"examples": [LINE_EXAMPLE]})

    id: uuid.UUID
    cart_id: uuid.UUID
    position: int = Field(description="1-based place of the line across every paste into the cart")
    raw: str = Field(description="The line as pasted")
    number: str | None = Field(description="E.164, when the line reads as a telephone number")
    line_class: LineClass
    reason: str | None = Field(description="Why the line is not valid")
    verdict: Verdict | None = Field(description="The carrier's portability verdict, for valid lines (R-PSTN-16)")
    verdict_reason: str | None
    losing_carrier: str | None
    wireless: bool | None
    rate_center: str | None
    referred_at: datetime | None = Field(description="When it was referred to PSTN technical support")
    created_at: datetime


class ReferralRead(BaseModel):
    """A line referred for review, and the desk that reviews it (R-PSTN-24)."""

    model_config = ConfigDict(
        json_schema_extra={
            "examples": [
                {
                    "line": LINE_EXAMPLE | {"referred_at": "2026-12-02T09:35:00Z"},
                    "desk": {
                        "desk": "pstn_technical_support",
                        "title": "PSTN technical support",
                        "purpose": "PSTN questions",
                        "contact": "pstn-support@wholesale.example",
                    },
                }
            ]
        }
    )

    line: PortCartLineRead
    desk: DeskContact
