"""What pstn_orders answers about a location it knows."""

from __future__ import annotations

import uuid
from datetime import datetime
from typing import Any

from pydantic import BaseModel, ConfigDict, Field

EXAMPLE: dict[str, Any] = {
    "id": "3c2b1a09-8f7e-4d6c-9b5a-4f3e2d1c0b9a",
    "customer_id": "0b9f6c2e-4a51-4c1e-9a0f-3d2b7e5c8a11",
    "name": "Manhattan office",
    "address": {
        "house_number": "350",
        "street_name": "5th",
        "street_suffix": "Ave",
        "unit": "Suite 4100",
        "city": "New York",
        "state": "NY",
        "postal_code": "10118",
        "country": "US",
    },
    "country": "US",
    "time_zone": "America/New_York",
    "partner_enrolled": True,
    "updated_at": "2026-11-23T09:30:00Z",
}


class KnownLocation(BaseModel):
    """A location as pstn_orders last heard of it from the customers service."""

    model_config = ConfigDict(from_attributes=True, json_schema_extra={"examples": [EXAMPLE]})

    id: uuid.UUID
    customer_id: uuid.UUID
    name: str
    address: dict[str, Any]
    country: str
    time_zone: str
    partner_enrolled: bool = Field(
        False,
        description="The customer's partner is enrolled in the PSTN programme with the calling addendum accepted, "
        "as this service last heard (R-PSTN-02)",
    )
    updated_at: datetime
