"""Administrator accounts over HTTP: invitations, activation, sign-in and the profile."""

from __future__ import annotations

import uuid
from datetime import datetime
from typing import Annotated, Literal

from pydantic import BaseModel, ConfigDict, EmailStr, Field, StringConstraints

AdministratorRole = Literal["customer_full_admin", "customer_cc_admin", "customer_readonly_admin"]


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
    model_config = ConfigDict(from_attributes=True)

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

    token: Annotated[str, StringConstraints(min_length=1, max_length=200)]
    password: Annotated[str, StringConstraints(max_length=256)]
    accept_terms: bool = Field(description="The terms of service are accepted; must be true (R-CC-02)")


class SessionCreate(BaseModel):
    model_config = ConfigDict(
        extra="forbid",
        json_schema_extra={"examples": [{"email": "kari@fjord.example", "password": "a long passphrase"}]},
    )

    email: Annotated[str, StringConstraints(min_length=1, max_length=320)]
    password: Annotated[str, StringConstraints(max_length=256)]
    customer_id: uuid.UUID | None = Field(
        None, description="Which customer's account, when the email administers more than one customer"
    )


class Profile(BaseModel):
    account_id: uuid.UUID
    email: str
    role: AdministratorRole
    customer_id: uuid.UUID
    setup_required: bool = Field(description="Offer the setup wizard: the contact center is not set up yet (R-CC-03)")


class SessionRead(BaseModel):
    access_token: str
    token_type: Literal["Bearer"] = "Bearer"
    expires_in: int
    profile: Profile
