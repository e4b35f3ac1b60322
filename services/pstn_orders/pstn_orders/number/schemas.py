"""Numbers over HTTP: by state, by order, counted (R-PSTN-38); assigned, released, with their own ESA."""

from __future__ import annotations

import uuid
from datetime import datetime
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict

from pstn_orders.emergency_address.schemas import EXAMPLE_ADDRESS, EmergencyAddressRead

AssigneeKind = Literal["user", "hunt_group", "auto_attendant"]
StateFilter = Literal["pending", "unassigned", "assigned", "released", "all"]

NUMBER_EXAMPLE: dict[str, Any] = {
    "id": "5b0c1f7e-3d2a-4f4e-9a53-1c8e2b7d6f01",
    "customer_id": "0b9f6c2e-4a51-4c1e-9a0f-3d2b7e5c8a11",
    "location_id": "7d3e9a10-2b4c-4e8f-a1d2-6c5b4a3f2e10",
    "number": "+12125550123",
    "order_id": "c4a1e2f3-5b6d-4c7e-8f90-1a2b3c4d5e6f",
    "block_id": None,
    "state": "assigned",
    "fulfilment": "success",
    "failure_reason": None,
    "assignee_kind": "user",
    "assignee_id": "2f6e8d4c-1a3b-4c5d-9e7f-0a1b2c3d4e5f",
    "emergency_address_id": None,
    "activated_at": "2026-12-02T09:40:00Z",
    "created_at": "2026-12-02T09:30:00Z",
    "updated_at": "2026-12-02T09:45:00Z",
    "version": 3,
}


class NumberRead(BaseModel):
    model_config = ConfigDict(from_attributes=True, json_schema_extra={"examples": [NUMBER_EXAMPLE]})

    id: uuid.UUID
    customer_id: uuid.UUID
    location_id: uuid.UUID
    number: str  # E.164
    order_id: uuid.UUID | None
    block_id: uuid.UUID | None
    state: str  # pending | unassigned | assigned | released
    fulfilment: str  # in_progress | success | failed (each number of an order, R-PSTN-38)
    failure_reason: str | None
    assignee_kind: str | None
    assignee_id: uuid.UUID | None
    emergency_address_id: uuid.UUID | None  # its own ESA (R-PSTN-10); null: the location's applies
    activated_at: datetime | None
    created_at: datetime
    updated_at: datetime
    version: int


class StateCounts(BaseModel):
    pending: int = 0
    unassigned: int = 0
    assigned: int = 0
    total: int = 0  # the three above


class LocationCounts(StateCounts):
    location_id: uuid.UUID


class NumberCounts(StateCounts):
    model_config = ConfigDict(
        json_schema_extra={
            "examples": [
                {
                    "customer_id": "0b9f6c2e-4a51-4c1e-9a0f-3d2b7e5c8a11",
                    "pending": 5,
                    "unassigned": 13,
                    "assigned": 2,
                    "total": 20,
                    "locations": [
                        {
                            "location_id": "7d3e9a10-2b4c-4e8f-a1d2-6c5b4a3f2e10",
                            "pending": 5,
                            "unassigned": 13,
                            "assigned": 2,
                            "total": 20,
                        }
                    ],
                }
            ]
        }
    )

    customer_id: uuid.UUID
    locations: list[LocationCounts]


class AssignmentUpdate(BaseModel):
    model_config = ConfigDict(
        extra="forbid",
        json_schema_extra={
            "examples": [{"assignee_kind": "user", "assignee_id": "2f6e8d4c-1a3b-4c5d-9e7f-0a1b2c3d4e5f"}]
        },
    )

    assignee_kind: AssigneeKind
    assignee_id: uuid.UUID


class ReleasedBlock(BaseModel):
    model_config = ConfigDict(
        json_schema_extra={
            "examples": [
                {"block_id": "9a8b7c6d-5e4f-4a3b-8c2d-1e0f9a8b7c6d", "numbers": ["+12125550100", "+12125550101"]}
            ]
        }
    )

    block_id: uuid.UUID
    numbers: list[str]


class NumberEmergencyAddressRead(BaseModel):
    """Where emergency calls from the number are routed: its own address (R-PSTN-10) or its location's."""

    model_config = ConfigDict(
        from_attributes=True,
        json_schema_extra={
            "examples": [
                {
                    "number_id": "5b0c1f7e-3d2a-4f4e-9a53-1c8e2b7d6f01",
                    "number": "+12125550123",
                    "source": "number",
                    "version": 4,
                    "emergency_address": {
                        "id": "5d0c8f8e-2a51-4a8e-9f3e-1c2b3d4e5f60",
                        "customer_id": "0b9f6c2e-4a51-4c1e-9a0f-3d2b7e5c8a11",
                        "location_id": None,
                        "status": "valid",
                        "address": dict(EXAMPLE_ADDRESS),
                        "suggested": None,
                        "candidates": [],
                        "problems": [],
                        "carrier_address_id": "sbx-addr-1f2e3d",
                        "validated_by": "carrier",
                        "next_step": "Valid: emergency calls from the numbers it serves are routed to this address.",
                        "version": 1,
                        "updated_at": "2026-12-02T09:30:00Z",
                    },
                }
            ]
        },
    )

    number_id: uuid.UUID
    number: str
    source: Literal["number", "location"]
    version: int  # the number's: If-Match of a change
    emergency_address: EmergencyAddressRead | None  # none while the location has none
