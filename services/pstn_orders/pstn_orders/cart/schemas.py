"""The cart API's models."""

from __future__ import annotations

import uuid
from datetime import datetime
from typing import Any

from pydantic import BaseModel, ConfigDict, Field

CART_EXAMPLE: dict[str, Any] = {
    "id": "8e2b4c1a-9d3f-4a6e-b7c8-1f2e3d4c5b6a",
    "customer_id": "0b9f6c2e-4a51-4c1e-9a0f-3d2b7e5c8a11",
    "location_id": "c1d2e3f4-a5b6-4c7d-8e9f-0a1b2c3d4e5f",
    "numbers": ["+12124560100", "+12124560101"],
    "count": 2,
    "state": "open",
    "order_id": None,
    "version": 2,
    "created_at": "2026-11-23T09:30:00Z",
    "updated_at": "2026-11-23T09:34:00Z",
}


class CartCreate(BaseModel):
    model_config = ConfigDict(
        extra="forbid",
        json_schema_extra={
            "examples": [{"location_id": "c1d2e3f4-a5b6-4c7d-8e9f-0a1b2c3d4e5f", "numbers": ["+12124560100"]}]
        },
    )

    location_id: uuid.UUID | None = Field(None, description="The location the numbers are for, if known yet")
    numbers: list[str] = Field(default_factory=list, description="E.164 numbers chosen from searches; at most 100")


class CartUpdate(BaseModel):
    """The cart's whole content: send every number it should hold (R-PSTN-36)."""

    model_config = ConfigDict(
        extra="forbid",
        json_schema_extra={
            "examples": [
                {"location_id": "c1d2e3f4-a5b6-4c7d-8e9f-0a1b2c3d4e5f", "numbers": ["+12124560100", "+12124560101"]}
            ]
        },
    )

    location_id: uuid.UUID | None = None
    numbers: list[str]


class CartRead(BaseModel):
    model_config = ConfigDict(from_attributes=True, json_schema_extra={"examples": [CART_EXAMPLE]})

    id: uuid.UUID
    customer_id: uuid.UUID
    location_id: uuid.UUID | None
    numbers: list[str]
    count: int = Field(description="How many numbers the cart holds")
    state: str = Field(description="open (editable) or ordered")
    order_id: uuid.UUID | None
    version: int
    created_at: datetime
    updated_at: datetime
