"""The API models of connect administrators and connect's webhooks (R-CC-13, R-CC-14)."""

from __future__ import annotations

import uuid
from datetime import datetime
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, EmailStr, Field

ADMINISTRATOR_EXAMPLE: dict[str, Any] = {
    "id": "5a0c1d2e-3f40-4b5c-8d6e-7f8091a2b3c4",
    "customer_id": "0b9f6c2e-4a51-4c1e-9a0f-3d2b7e5c8a11",
    "email": "kari.nordmann@fjord-logistics.example",
    "account_id": "7e6d5c4b-3a29-4817-b6f5-e4d3c2b1a090",
    "platform_role": "customer_full_admin",
    "connect_role": "tenant_owner",
    "engage": True,
    "tenant_owner": True,
    "state": "invited",
    "connect_user_id": "usr_4f1e2d3c4b5a69788796a5b4",
    "invited_at": "2026-12-22T09:00:00Z",
    "lapses_at": "2027-01-04T09:00:00Z",
    "activated_at": None,
    "lapsed_at": None,
    "created_at": "2026-12-22T09:00:00Z",
    "updated_at": "2026-12-22T09:00:00Z",
}


class AdministratorRead(BaseModel):
    model_config = ConfigDict(from_attributes=True, json_schema_extra={"examples": [ADMINISTRATOR_EXAMPLE]})

    id: uuid.UUID
    customer_id: uuid.UUID
    email: str
    account_id: uuid.UUID | None = Field(description="The platform account, once it is active")
    platform_role: str = Field(description="A customer administrator role, or partner_admin")
    connect_role: str = Field(description="The role in connect (R-CC-13)")
    engage: bool = Field(description="Access to engage; never for a partner administrator (R-CC-13)")
    tenant_owner: bool = Field(description="The connect tenant's owner: the first customer administrator")
    state: Literal["pending", "invited", "active", "lapsed"] = Field(
        description="pending (waiting for the platform account or the tenant), invited, active after the first "
        "sign-in, or lapsed after 7 business days (R-CC-14)"
    )
    connect_user_id: str | None
    invited_at: datetime | None
    lapses_at: datetime | None = Field(description="When the connect invitation lapses if not taken up")
    activated_at: datetime | None
    lapsed_at: datetime | None
    created_at: datetime
    updated_at: datetime


class PartnerAdministratorCreate(BaseModel):
    model_config = ConfigDict(
        extra="forbid", json_schema_extra={"examples": [{"email": "ops@northwind-partner.example"}]}
    )

    email: EmailStr = Field(description="The partner administrator's email, as connect should know them")


class ConnectEventData(BaseModel):
    tenant_id: str = Field(min_length=1, max_length=100)
    user_id: str = Field(min_length=1, max_length=100)
    email: str = Field(min_length=3, max_length=320)
    role: str = Field(min_length=1, max_length=40)


class ConnectEvent(BaseModel):
    """What connect sends to the inbound endpoint, signed with Standard Webhooks."""

    model_config = ConfigDict(
        json_schema_extra={
            "examples": [
                {
                    "type": "user.role_changed",
                    "timestamp": "2026-12-22T09:30:00Z",
                    "data": {
                        "tenant_id": "ctn_9b8a7f6e5d4c3b2a19087f6e",
                        "user_id": "usr_4f1e2d3c4b5a69788796a5b4",
                        "email": "kari.nordmann@fjord-logistics.example",
                        "role": "read_only",
                    },
                }
            ]
        }
    )

    type: Literal["user.role_changed", "user.added", "user.signed_in"]
    timestamp: datetime
    data: ConnectEventData


class ConnectEventReceipt(BaseModel):
    model_config = ConfigDict(
        json_schema_extra={"examples": [{"webhook_id": "msg_2c4e6a8b0d1f3e5a7c9b1d3f", "applied": True}]}
    )

    webhook_id: str
    applied: bool = Field(description="False when this webhook id was applied before (a redelivery)")
