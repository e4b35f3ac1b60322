"""The reservation API's models."""

from __future__ import annotations

import uuid
from datetime import datetime
from typing import Any

from pydantic import BaseModel, ConfigDict, Field

RESERVATION_EXAMPLE: dict[str, Any] = {
    "id": "3f6d0c6e-5f1a-4b7e-8e55-0d7c2b9a4e10",
    "customer_id": "0b9f6c2e-4a51-4c1e-9a0f-3d2b7e5c8a11",
    "numbers": ["+12124560100", "+12124560101"],
    "state": "held",
    "expires_at": "2026-11-23T10:00:00Z",
    "order_id": None,
    "version": 1,
    "created_at": "2026-11-23T09:30:00Z",
}


class ReservationCreate(BaseModel):
    model_config = ConfigDict(
        extra="forbid", json_schema_extra={"examples": [{"numbers": ["+12124560100", "+12124560101"]}]}
    )

    numbers: list[str] = Field(min_length=1, description="E.164 numbers from a search; at most 100")


class ReservationRead(BaseModel):
    model_config = ConfigDict(from_attributes=True, json_schema_extra={"examples": [RESERVATION_EXAMPLE]})

    id: uuid.UUID
    customer_id: uuid.UUID
    numbers: list[str]
    state: str = Field(description="held, released, ordered or expired")
    expires_at: datetime = Field(description="Held until then; extend to keep them longer")
    order_id: uuid.UUID | None
    version: int
    created_at: datetime
