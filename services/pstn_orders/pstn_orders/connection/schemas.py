"""PSTN connection and setup API models."""

from __future__ import annotations

import uuid
from datetime import datetime
from typing import Annotated, Literal

from pydantic import BaseModel, ConfigDict, EmailStr, Field, StringConstraints, computed_field

from pstn_orders.country import CountryMode
from servicekit import SingleLine

ConnectionType = Literal["calling_plan", "cloud_connected", "local_gateway"]
Usage = Literal["standard", "contact_center", "high_volume"]
Name = Annotated[SingleLine, StringConstraints(min_length=1, max_length=200)]


class Signer(BaseModel):
    """Who signs the carrier contract for the customer (R-PSTN-09, R-PSTN-33)."""

    model_config = ConfigDict(extra="forbid")

    name: Name
    email: EmailStr


class PstnConnectionPut(BaseModel):
    """The location's PSTN connection (R-PSTN-01): the provider calling plan, a cloud-connected carrier (named,
    integrated or not) or a local gateway."""

    model_config = ConfigDict(
        extra="forbid",
        json_schema_extra={
            "examples": [
                {
                    "type": "calling_plan",
                    "usage": "standard",
                    "signer": {"name": "Ada Lovelace", "email": "ada@fjord-logistics.example"},
                },
                {"type": "cloud_connected", "carrier_name": "Northwind Voice", "integrated": False},
                {"type": "local_gateway"},
            ]
        },
    )

    type: ConnectionType
    carrier_name: Name | None = Field(default=None, description="cloud_connected: the third-party carrier")
    integrated: bool | None = Field(default=None, description="cloud_connected: the carrier's integrated variant")
    usage: Usage = Field(default="standard", description="contact_center and high_volume are not for the calling plan")
    signer: Signer | None = Field(default=None, description="calling_plan: who signs the carrier contract")


class SignerRead(BaseModel):
    name: str
    email: str


class PstnConnectionRead(BaseModel):
    model_config = ConfigDict(
        from_attributes=True,
        json_schema_extra={
            "examples": [
                {
                    "id": "2f4e6a8c-0b1d-4e3f-9a5b-7c9d1e3f5a7b",
                    "customer_id": "0b9f6c2e-4a51-4c1e-9a0f-3d2b7e5c8a11",
                    "location_id": "7a1e2b3c-4d5e-4f60-8a9b-0c1d2e3f4a5b",
                    "type": "calling_plan",
                    "carrier_name": None,
                    "integrated": None,
                    "must_move_to_integrated": False,
                    "usage": "standard",
                    "signer": {"name": "Ada Lovelace", "email": "ada@fjord-logistics.example"},
                    "calling_plan_enabled_at": "2026-12-02T09:30:00Z",
                    "version": 1,
                    "updated_at": "2026-12-02T09:30:00Z",
                }
            ]
        },
    )

    id: uuid.UUID
    customer_id: uuid.UUID
    location_id: uuid.UUID
    type: ConnectionType
    carrier_name: str | None
    integrated: bool | None
    must_move_to_integrated: bool  # R-PSTN-26
    usage: Usage
    signer_name: str | None = Field(exclude=True)
    signer_email: str | None = Field(exclude=True)
    calling_plan_enabled_at: datetime | None
    version: int
    updated_at: datetime

    @computed_field  # type: ignore[prop-decorator]
    @property
    def signer(self) -> SignerRead | None:
        if self.signer_name is None or self.signer_email is None:
            return None
        return SignerRead(name=self.signer_name, email=self.signer_email)


class ContractInformation(BaseModel):
    """Prefilled from the customer (R-PSTN-33); the signer is given when the calling plan is enabled."""

    company_name: str | None
    contact_email: str | None


class LocationSetupRead(BaseModel):
    location_id: uuid.UUID
    name: str
    country: str
    calling_plan_mode: CountryMode | None  # none: the calling plan is not offered there (R-PSTN-03)
    connection: PstnConnectionRead | None
    emergency_address_id: uuid.UUID | None
    emergency_address_status: Literal["valid", "corrected_pending", "ambiguous", "invalid"] | None
    calling_plan_enabled: bool
    must_move_to_integrated: bool  # R-PSTN-26
    next_steps: list[str]


SetupState = Literal["not_started", "skipped", "in_progress", "complete"]


class PstnSetupRead(BaseModel):
    model_config = ConfigDict(
        json_schema_extra={
            "examples": [
                {
                    "customer_id": "0b9f6c2e-4a51-4c1e-9a0f-3d2b7e5c8a11",
                    "state": "in_progress",
                    "skipped_at": None,
                    "resumed_at": None,
                    "partner_enrolled": True,
                    "calling_plans_ordered": 25,
                    "contract_information": {
                        "company_name": "Fjord Logistics AS",
                        "contact_email": "it@fjord-logistics.example",
                    },
                    "number_policy_url": "https://wholesale.example/policies/pstn-numbers",
                    "locations": [
                        {
                            "location_id": "7a1e2b3c-4d5e-4f60-8a9b-0c1d2e3f4a5b",
                            "name": "Head office",
                            "country": "US",
                            "calling_plan_mode": "self_service",
                            "connection": None,
                            "emergency_address_id": None,
                            "emergency_address_status": None,
                            "calling_plan_enabled": False,
                            "must_move_to_integrated": False,
                            "next_steps": ["PUT the location's emergency address", "PUT its PSTN connection"],
                        }
                    ],
                }
            ]
        }
    )

    customer_id: uuid.UUID
    state: SetupState
    skipped_at: datetime | None
    resumed_at: datetime | None
    partner_enrolled: bool  # R-PSTN-02
    calling_plans_ordered: int  # R-PSTN-02: the customer's provider_calling_plan add-on
    contract_information: ContractInformation
    number_policy_url: str  # R-PSTN-27
    locations: list[LocationSetupRead]
