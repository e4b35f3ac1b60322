"""The number search API's models."""

from __future__ import annotations

import uuid
from typing import Any

from pydantic import BaseModel, ConfigDict, Field

from pstn_orders.carrier.adapter import Match

SEARCH_EXAMPLE: dict[str, Any] = {
    "numbers": [
        {
            "number": "+12124560100",
            "npa": "212",
            "nxx": "456",
            "state": "NY",
            "locality": "New York",
            "rate_center": "New York",
            "match": "exact",
        },
        {
            "number": "+12127830141",
            "npa": "212",
            "nxx": "783",
            "state": "NY",
            "locality": "New York",
            "rate_center": "New York",
            "match": "same_npa",
        },
    ],
    "exact": False,
    "number_policy_url": "https://provider.example/policies/numbers",
}


class NumberSearchQuery(BaseModel):
    """Every field narrows the search (R-PSTN-35); one of starts_with, contains, ends_with at most."""

    model_config = ConfigDict(extra="forbid")

    country: str = Field(min_length=2, max_length=2, description="ISO 3166-1 alpha-2, a calling-plan country")
    location_id: uuid.UUID | None = Field(
        None, description="Search for this location: it must have the calling plan; country defaults to its own"
    )
    state: str | None = Field(None, min_length=2, max_length=2, description="USPS state or province code")
    npa: str | None = Field(None, pattern=r"^[2-9][0-9]{2}$", description="Area code")
    nxx: str | None = Field(None, pattern=r"^[2-9][0-9]{2}$", description="Central office code (prefix)")
    locality: str | None = Field(None, max_length=100, description="City or rate center")
    starts_with: str | None = Field(None, pattern=r"^[0-9]{1,10}$", description="National digits start with")
    contains: str | None = Field(None, pattern=r"^[0-9]{1,10}$")
    ends_with: str | None = Field(None, pattern=r"^[0-9]{1,10}$")
    quantity: int = Field(1, ge=1, description="How many numbers; at most 100 (R-PSTN-06)")
    consecutive: bool = Field(False, description="With quantity > 1: one run of consecutive numbers")
    block_size: int | None = Field(None, description="An aligned block of 10, 50 or 100; paid customers only")


class AvailableNumberRead(BaseModel):
    model_config = ConfigDict(from_attributes=True)

    number: str = Field(description="E.164")
    npa: str
    nxx: str
    state: str
    locality: str
    rate_center: str
    match: Match = Field(description="exact, or the alternative it is: same_npa, same_locality, same_state")


class NumberSearchRead(BaseModel):
    model_config = ConfigDict(json_schema_extra={"examples": [SEARCH_EXAMPLE]})

    numbers: list[AvailableNumberRead] = Field(description="Exact matches first, then alternatives marked as such")
    exact: bool = Field(description="The ask was met in full without alternatives")
    number_policy_url: str | None = Field(None, description="The provider's number policy (R-PSTN-27)")
