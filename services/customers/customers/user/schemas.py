"""Users over HTTP: each holds exactly one package (R-CUST-04)."""

from __future__ import annotations

import uuid
from datetime import datetime
from typing import Annotated, Literal

import phonenumbers
from pydantic import AfterValidator, BaseModel, ConfigDict, EmailStr, Field, StringConstraints

from customers import examples
from servicekit import SingleLine

Role = Literal["full_admin", "readonly_admin", "user"]


def _e164(value: str) -> str:
    try:
        number = phonenumbers.parse(value, None)
    except phonenumbers.NumberParseException as exc:
        raise ValueError(f"{value!r} is not an E.164 number (+<country code><number>)") from exc
    if not phonenumbers.is_valid_number(number):
        raise ValueError(f"{value!r} is not a valid phone number")
    return phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164)


class UserCreate(BaseModel):
    model_config = ConfigDict(
        extra="forbid",
        json_schema_extra={
            "examples": [
                {
                    "email": "kari@fjord.example",
                    "name": "Kari Nordmann",
                    "role": "user",
                    "package": "calling_standard",
                    "extension": "2001",
                    "phone_number": "+4722123456",
                }
            ]
        },
    )

    email: EmailStr
    name: Annotated[SingleLine, StringConstraints(min_length=1, max_length=300)]
    role: Role = "user"
    package: Annotated[SingleLine, StringConstraints(max_length=100)] | None = Field(
        None, description="Required, except for a full administrator, who gets the organisation's level"
    )
    extension: Annotated[str, StringConstraints(pattern=r"^[0-9]{2,8}$")] | None = None
    phone_number: Annotated[SingleLine, AfterValidator(_e164)] | None = None


class PackageChange(BaseModel):
    model_config = ConfigDict(extra="forbid", json_schema_extra={"examples": [{"package": "enterprise"}]})

    package: Annotated[SingleLine, StringConstraints(min_length=1, max_length=100)]


class UserRead(BaseModel):
    model_config = ConfigDict(from_attributes=True, json_schema_extra={"examples": [examples.USER]})

    id: uuid.UUID
    customer_id: uuid.UUID
    email: str
    name: str
    role: str
    package: str
    extension: str | None
    phone_number: str | None
    version: int
    created_at: datetime


class CatalogueItemRead(BaseModel):
    model_config = ConfigDict(from_attributes=True, json_schema_extra={"examples": [examples.CATALOGUE_ITEM]})

    code: str
    kind: str
    name: str
    level: int
    services: list[str]
    orderable: bool
