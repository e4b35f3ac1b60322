"""System-wide settings over HTTP: delegations, the catalogue's orderable flags, the dial-in directory."""

from __future__ import annotations

import uuid
from datetime import datetime
from typing import Annotated, Literal

from pydantic import BaseModel, ConfigDict, Field

from customers import examples

Permission = Literal["exchange_rates", "catalogue", "dial_in_directory"]


class DelegationCreate(BaseModel):
    model_config = ConfigDict(
        extra="forbid",
        json_schema_extra={
            "examples": [{"customer_id": "7d9f0c1e-2b4a-4c7e-9f1d-3a5b6c7d8e9f", "permission": "exchange_rates"}]
        },
    )

    customer_id: uuid.UUID
    permission: Permission


class DelegationRead(BaseModel):
    model_config = ConfigDict(from_attributes=True, json_schema_extra={"examples": [examples.DELEGATION]})

    customer_id: uuid.UUID
    permission: str
    granted_by: str
    created_at: datetime


class CatalogueUpdate(BaseModel):
    model_config = ConfigDict(extra="forbid", json_schema_extra={"examples": [{"orderable": True}]})

    orderable: bool = Field(description="Add-ons become orderable when the platform offers them (R-CUST-05)")


class DialInNumbers(BaseModel):
    model_config = ConfigDict(extra="forbid", json_schema_extra={"examples": [{"numbers": ["+4721930646"]}]})

    numbers: list[Annotated[str, Field(pattern=r"^\+[1-9][0-9]{6,14}$")]] = Field(
        description="E.164, first available first; empty: the country falls back to its region's default"
    )
