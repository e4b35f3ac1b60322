from __future__ import annotations

import uuid
from datetime import datetime
from typing import Annotated

from pydantic import BaseModel, ConfigDict, Field, StringConstraints

from contracts.enums import Role
from customers import examples


class TokenRead(BaseModel):
    model_config = ConfigDict(json_schema_extra={"examples": [examples.TOKEN]})

    access_token: str
    token_type: str = "Bearer"
    expires_in: int


class ApiClientCreate(BaseModel):
    model_config = ConfigDict(
        extra="forbid", json_schema_extra={"examples": [{"name": "OSS provisioning", "roles": ["partner_admin"]}]}
    )

    name: Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=200)]
    roles: list[Role] = Field(min_length=1)


class ApiClientRead(BaseModel):
    model_config = ConfigDict(from_attributes=True)

    client_id: str
    customer_id: uuid.UUID
    name: str
    roles: list[Role]
    created_at: datetime


class ApiClientCreated(ApiClientRead):
    model_config = ConfigDict(from_attributes=True, json_schema_extra={"examples": [examples.API_CLIENT]})

    client_secret: str = Field(description="Shown once; only its hash is stored.")
