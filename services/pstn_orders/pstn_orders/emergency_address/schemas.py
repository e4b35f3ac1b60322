"""Emergency address API models: what is given, and what the carrier's validation made of it."""

from __future__ import annotations

import uuid
from datetime import datetime
from typing import Annotated, Literal

from pydantic import BaseModel, ConfigDict, Field, StringConstraints, computed_field
from pydantic.config import JsonDict

from servicekit import Country, SingleLine

EmergencyAddressStatus = Literal["valid", "corrected_pending", "ambiguous", "invalid"]


Text2 = Annotated[SingleLine, StringConstraints(min_length=1, max_length=2, strip_whitespace=True, to_upper=True)]
Text10 = Annotated[SingleLine, StringConstraints(min_length=1, max_length=10, strip_whitespace=True)]
Text20 = Annotated[SingleLine, StringConstraints(min_length=1, max_length=20, strip_whitespace=True)]
Text60 = Annotated[SingleLine, StringConstraints(min_length=1, max_length=60, strip_whitespace=True)]


EXAMPLE_ADDRESS: JsonDict = {
    "house_number": "350",
    "street_name": "5th",
    "street_suffix": "AVE",
    "unit": "STE 4100",
    "city": "New York",
    "state": "NY",
    "postal_code": "10118",
    "country": "US",
}


class EmergencyAddressInput(BaseModel):
    """A civic address in the fields of RFC 5139 / NENA CLDXF; the carrier validates it before use (R-PSTN-33)."""

    model_config = ConfigDict(extra="forbid", json_schema_extra={"examples": [EXAMPLE_ADDRESS]})

    house_number: Text20
    house_number_suffix: Text10 | None = None
    pre_directional: Text2 | None = None
    street_name: Text60
    street_suffix: Text10 | None = None
    post_directional: Text2 | None = None
    unit: Text20 | None = None
    floor: Text10 | None = None
    building: Text60 | None = None
    city: Text60
    state: Annotated[str, StringConstraints(min_length=2, max_length=3, to_upper=True)] | None = Field(
        default=None, description="USPS state or Canadian province code; required in the US and Canada"
    )
    postal_code: Text10
    country: Country


class CivicFields(BaseModel):
    model_config = ConfigDict(from_attributes=True)

    house_number: str
    house_number_suffix: str | None = None
    pre_directional: str | None = None
    street_name: str
    street_suffix: str | None = None
    post_directional: str | None = None
    unit: str | None = None
    floor: str | None = None
    building: str | None = None
    city: str
    state: str | None = None
    postal_code: str
    country: str


class AddressProblemRead(BaseModel):
    field: str
    reason: str


_NEXT_STEP = {
    "valid": "Valid: emergency calls from the numbers it serves are routed to this address.",
    "corrected_pending": 'The carrier corrected the address. POST {"accept": true} to the acceptance resource '
    '(…/emergency-address/acceptance) to use `suggested`, or {"accept": false} to decline it; until accepted the '
    "address is not used for emergency calls and the calling plan cannot be enabled with it.",
    "ambiguous": 'The address matches several the carrier knows. POST {"candidate": n} to the acceptance resource '
    "(…/emergency-address/acceptance), n the index in `candidates`, to choose one; or PUT a more precise address.",
    "invalid": "Not usable for emergency calls: the carrier's correction was declined. PUT another address.",
}


class EmergencyAddressRead(BaseModel):
    model_config = ConfigDict(
        from_attributes=True,
        json_schema_extra={
            "examples": [
                {
                    "id": "5d0c8f8e-2a51-4a8e-9f3e-1c2b3d4e5f60",
                    "customer_id": "0b9f6c2e-4a51-4c1e-9a0f-3d2b7e5c8a11",
                    "location_id": "7a1e2b3c-4d5e-4f60-8a9b-0c1d2e3f4a5b",
                    "status": "corrected_pending",
                    "address": EXAMPLE_ADDRESS | {"postal_code": "10001"},
                    "suggested": EXAMPLE_ADDRESS,
                    "candidates": [],
                    "problems": [],
                    "carrier_address_id": None,
                    "validated_by": None,
                    "next_step": _NEXT_STEP["corrected_pending"],
                    "version": 1,
                    "updated_at": "2026-12-02T09:30:00Z",
                }
            ]
        },
    )

    id: uuid.UUID
    customer_id: uuid.UUID
    location_id: uuid.UUID | None
    status: EmergencyAddressStatus
    address: CivicFields  # as given (or as accepted)
    suggested: CivicFields | None  # the carrier's correction (corrected_pending)
    candidates: list[CivicFields]  # the carrier's matches (ambiguous), chosen by index
    problems: list[AddressProblemRead]
    carrier_address_id: str | None  # the carrier's id once valid
    validated_by: Literal["carrier", "support"] | None  # support: assisted countries (R-PSTN-25)
    version: int
    updated_at: datetime

    @computed_field  # type: ignore[prop-decorator]
    @property
    def next_step(self) -> str:
        """What the answer means and what to do next."""
        return _NEXT_STEP[self.status]


class CorrectionAnswer(BaseModel):
    """Accept (true) or decline (false) the carrier's correction of a `corrected_pending` address."""

    model_config = ConfigDict(extra="forbid", json_schema_extra={"examples": [{"accept": True}]})

    accept: bool


class CandidateChoice(BaseModel):
    """Choose one of the carrier's `candidates` of an `ambiguous` address, by its index."""

    model_config = ConfigDict(extra="forbid", json_schema_extra={"examples": [{"candidate": 0}]})

    candidate: int = Field(ge=0)


EmergencyAddressAnswer = CorrectionAnswer | CandidateChoice
