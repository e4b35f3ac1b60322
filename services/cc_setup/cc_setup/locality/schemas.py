"""The data-locality map's API models."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from pydantic import BaseModel, ConfigDict, Field

from cc_setup.catalogue import PLATFORMS, Region

LOCALITY_EXAMPLE: dict[str, Any] = {
    "country": "NO",
    "data_center": "eu2",
    "region": "emea",
    "default_time_zone": "Europe/Oslo",
    "platforms": ["next_generation"],
    "updated_by": None,
    "updated_at": "2026-12-02T09:30:00Z",
    "version": 1,
}


class DataLocalityRead(BaseModel):
    model_config = ConfigDict(from_attributes=True, json_schema_extra={"examples": [LOCALITY_EXAMPLE]})

    country: str = Field(description="ISO 3166-1 alpha-2 country of operation")
    data_center: str = Field(description="Where a tenant operating from the country is created (R-CC-05)")
    region: Region = Field(description="The region that decides the telephony options (R-CC-09)")
    default_time_zone: str = Field(description="The region's default time zone (R-CC-07)")
    platforms: list[str] = Field(description="The platforms the country may choose (R-CC-08)")
    updated_by: str | None
    updated_at: datetime
    version: int


class DataLocalityPut(BaseModel):
    """A country's row of the map, as the platform root sets it."""

    model_config = ConfigDict(
        extra="forbid",
        json_schema_extra={
            "examples": [
                {
                    "data_center": "eu2",
                    "region": "emea",
                    "default_time_zone": "Europe/Oslo",
                    "platforms": ["next_generation"],
                }
            ]
        },
    )

    data_center: str = Field(min_length=1, max_length=40, pattern=r"^[a-z0-9-]+$")
    region: Region
    default_time_zone: str = Field(min_length=1, max_length=64, description="An IANA time zone")
    platforms: list[str] = Field(min_length=1, description=f"Some of: {', '.join(PLATFORMS)}")


class DataLocalityList(BaseModel):
    model_config = ConfigDict(json_schema_extra={"examples": [{"items": [LOCALITY_EXAMPLE]}]})

    items: list[DataLocalityRead]
