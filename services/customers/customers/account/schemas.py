"""Administrator accounts over HTTP: invitations, activation, sign-in and the profile."""

from __future__ import annotations

import uuid
from datetime import datetime
from typing import Annotated, Any, Literal

from pydantic import BaseModel, ConfigDict, EmailStr, Field, StringConstraints

from servicekit import SingleLine

AdministratorRole = Literal["customer_full_admin", "customer_cc_admin", "customer_readonly_admin"]

ACCOUNT_ID = "3e8b1c0d-6f2a-4b7e-9c1d-2a3b4c5d6e7f"
CUSTOMER_ID = "0b9f6c2e-4a51-4c1e-9a0f-3d2b7e5c8a11"
ACCOUNT_EXAMPLE: dict[str, Any] = {
    "id": ACCOUNT_ID,
    "customer_id": CUSTOMER_ID,
    "email": "kari@fjord.example",
    "role": "customer_full_admin",
    "state": "active",
    "invitation_expires_at": "2026-11-26T09:30:00Z",
    "activated_at": "2026-11-23T10:02:00Z",
    "terms_accepted_at": "2026-11-23T10:02:00Z",
    "created_at": "2026-11-23T09:30:00Z",
    "updated_at": "2026-11-23T10:02:00Z",
}
PROFILE_EXAMPLE: dict[str, Any] = {
    "account_id": ACCOUNT_ID,
    "email": "kari@fjord.example",
    "role": "customer_full_admin",
    "customer_id": CUSTOMER_ID,
    "setup_required": True,
}


class AdministratorCreate(BaseModel):
    model_config = ConfigDict(
        extra="forbid", json_schema_extra={"examples": [{"email": "kari@fjord.example", "role": "customer_cc_admin"}]}
    )

    email: EmailStr
    role: AdministratorRole = "customer_full_admin"


class AdministratorUpdate(BaseModel):
    model_config = ConfigDict(extra="forbid", json_schema_extra={"examples": [{"role": "customer_readonly_admin"}]})

    role: AdministratorRole


class AccountRead(BaseModel):
    model_config = ConfigDict(from_attributes=True, json_schema_extra={"examples": [ACCOUNT_EXAMPLE]})

    id: uuid.UUID
    customer_id: uuid.UUID
    email: str
    role: AdministratorRole
    state: Literal["invited", "active"]
    invitation_expires_at: datetime = Field(description="When the get-started link stops working")
    activated_at: datetime | None
    terms_accepted_at: datetime | None
    created_at: datetime
    updated_at: datetime


class ActivationCreate(BaseModel):
    model_config = ConfigDict(
        extra="forbid",
        json_schema_extra={
            "examples": [
                {"token": "the token of the get-started link", "password": "a long passphrase", "accept_terms": True}
            ]
        },
    )

    token: Annotated[SingleLine, StringConstraints(min_length=1, max_length=200)]
    password: Annotated[str, StringConstraints(max_length=256)]
    accept_terms: bool = Field(description="The terms of service are accepted; must be true (R-CC-02)")


class SessionCreate(BaseModel):
    model_config = ConfigDict(
        extra="forbid",
        json_schema_extra={"examples": [{"email": "kari@fjord.example", "password": "a long passphrase"}]},
    )

    email: Annotated[SingleLine, StringConstraints(min_length=1, max_length=320)]
    password: Annotated[str, StringConstraints(max_length=256)]
    customer_id: uuid.UUID | None = Field(
        None, description="Which customer's account, when the email administers more than one customer"
    )


class Profile(BaseModel):
    model_config = ConfigDict(json_schema_extra={"examples": [PROFILE_EXAMPLE]})

    account_id: uuid.UUID
    email: str
    role: AdministratorRole
    customer_id: uuid.UUID
    setup_required: bool = Field(description="Offer the setup wizard: the contact center is not set up yet (R-CC-03)")


class SessionRead(BaseModel):
    model_config = ConfigDict(
        json_schema_extra={
            "examples": [
                {
                    "access_token": "eyJhbGciOiJFZERTQSIs...",
                    "token_type": "Bearer",
                    "expires_in": 3600,
                    "profile": PROFILE_EXAMPLE,
                }
            ]
        }
    )

    access_token: str
    token_type: Literal["Bearer"] = "Bearer"
    expires_in: int
    profile: Profile
