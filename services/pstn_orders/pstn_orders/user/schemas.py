"""A user as PSTN knows it: who it is and the number it answers on."""

from __future__ import annotations

import uuid
from datetime import datetime

from pydantic import BaseModel, ConfigDict


class CallingUserRead(BaseModel):
    model_config = ConfigDict(
        from_attributes=True,
        json_schema_extra={
            "examples": [
                {
                    "id": "2f6e8d4c-1a3b-4c5d-9e7f-0a1b2c3d4e5f",
                    "customer_id": "0b9f6c2e-4a51-4c1e-9a0f-3d2b7e5c8a11",
                    "email": "kari@fjord.example",
                    "role": "user",
                    "package": "calling_standard",
                    "numbers": ["+12125550123"],
                    "updated_at": "2026-12-02T09:45:00Z",
                }
            ]
        },
    )

    id: uuid.UUID
    customer_id: uuid.UUID
    email: str
    role: str
    package: str
    numbers: list[str]  # E.164, assigned to the user
    updated_at: datetime
