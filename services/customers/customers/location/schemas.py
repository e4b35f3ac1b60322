"""Location API models."""

from __future__ import annotations

import uuid
from datetime import datetime
from functools import cache
from typing import Annotated
from zoneinfo import available_timezones

from pydantic import AfterValidator, BaseModel, ConfigDict, Field, StringConstraints

from customers import examples
from servicekit import Country, SingleLine

Part = Annotated[SingleLine, StringConstraints(min_length=1, max_length=60)]
Short = Annotated[SingleLine, StringConstraints(min_length=1, max_length=16)]
Name = Annotated[SingleLine, StringConstraints(min_length=1, max_length=200)]


@cache
def _zones() -> frozenset[str]:
    return frozenset(available_timezones())


def _time_zone(value: str) -> str:
    if value not in _zones():
        raise ValueError(f"{value!r} is not an IANA time zone (e.g. America/New_York)")
    return value


# Not an enum in the schema: client generators fold names such as GMT0 and GMT+0 into one.
TimeZone = Annotated[SingleLine, AfterValidator(_time_zone)]


class LocationAddress(BaseModel):
    """The civic fields of RFC 5139 / NENA CLDXF, and the country."""

    model_config = ConfigDict(extra="forbid", json_schema_extra={"examples": [examples.LOCATION["address"]]})

    house_number: Short | None = Field(None, description="e.g. 350")
    house_number_suffix: Short | None = Field(None, description="e.g. A, 1/2")
    pre_directional: Short | None = Field(None, description="e.g. N, SW")
    street_name: Annotated[SingleLine, StringConstraints(min_length=1, max_length=100)]
    street_suffix: Short | None = Field(None, description="e.g. Ave, St")
    post_directional: Short | None = Field(None, description="e.g. NE")
    unit: Part | None = Field(None, description="e.g. Suite 4100")
    floor: Short | None = None
    building: Part | None = None
    city: Annotated[SingleLine, StringConstraints(min_length=1, max_length=100)]
    state: Part | None = Field(
        None, description="State, province or region; for US and CA its two-letter code (e.g. NY, ON)"
    )
    postal_code: Annotated[SingleLine, StringConstraints(min_length=1, max_length=20)] | None = None
    country: Country


class LocationCreate(BaseModel):
    model_config = ConfigDict(extra="forbid", json_schema_extra={"examples": [examples.LOCATION_CREATE]})

    name: Name = Field(description="Unique among the customer's live locations")
    address: LocationAddress
    time_zone: TimeZone = Field(description="IANA, e.g. America/New_York")


class LocationUpdate(LocationCreate):
    """The whole location as it should be (send the fields you do not change as they are)."""

    model_config = ConfigDict(extra="forbid", json_schema_extra={"examples": [examples.LOCATION_CREATE]})


class LocationRead(BaseModel):
    model_config = ConfigDict(from_attributes=True, json_schema_extra={"examples": [examples.LOCATION]})

    id: uuid.UUID
    customer_id: uuid.UUID
    name: str
    address: LocationAddress
    country: str = Field(description="The address's country")
    time_zone: str
    version: int = Field(description="Also the ETag; send it as If-Match to change the location")
    created_at: datetime
    updated_at: datetime
