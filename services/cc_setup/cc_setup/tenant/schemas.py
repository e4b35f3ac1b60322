"""The contact center's settings after setup (R-CC-12)."""

from __future__ import annotations

import uuid
from datetime import datetime

from pydantic import BaseModel, ConfigDict, Field


class ContactCenterSettingsRead(BaseModel):
    model_config = ConfigDict(
        from_attributes=True,
        json_schema_extra={
            "examples": [
                {
                    "customer_id": "0b9f6c2e-4a51-4c1e-9a0f-3d2b7e5c8a11",
                    "tenant_id": "cct-4f1e2d3c4b5a6978",
                    "country": "NO",
                    "data_center": "eu2",
                    "region": "emea",
                    "platform": "next_generation",
                    "telephony": "calling_carriers",
                    "time_zone": "Europe/Oslo",
                    "sip_address": "fjord-logistics@cc.wholesale.example",
                    "activated_at": "2026-12-02T09:44:00Z",
                    "chat_services_set_up_at": None,
                    "version": 7,
                }
            ]
        },
    )

    customer_id: uuid.UUID
    tenant_id: str
    country: str
    data_center: str
    region: str
    platform: str
    telephony: str
    time_zone: str = Field(description="The tenant's time zone, the one digital channels use (R-CC-07)")
    sip_address: str
    activated_at: datetime
    chat_services_set_up_at: datetime | None = Field(description="Set up by a customer administrator (R-CC-15)")
    version: int
