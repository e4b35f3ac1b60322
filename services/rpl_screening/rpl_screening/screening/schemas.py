"""Screenings as reviewers read them, and the ad-hoc and batch checks a provider runs before it creates a customer."""

from __future__ import annotations

import uuid
from datetime import datetime
from typing import Annotated, Any, Literal

from pydantic import BaseModel, ConfigDict, Field, StringConstraints

from contracts.events import MatchEvidence
from rpl_screening import examples
from servicekit import Country, SingleLine, Text

Name = Annotated[SingleLine, StringConstraints(min_length=1, max_length=300)]
MAX_BATCH = 1000


class Party(BaseModel):
    model_config = ConfigDict(
        extra="forbid",
        json_schema_extra={
            "examples": [
                {
                    "name": "Fjordline Bakery Supplies AS",
                    "country": "NO",
                    "address": "Storgata 1, 0155 Oslo",
                    "kind": "entity",
                    "reference": "crm-4711",
                }
            ]
        },
    )

    name: Name
    country: Country | None = Field(None, description="ISO 3166 alpha-2; a match elsewhere weighs less")
    address: Annotated[Text, StringConstraints(max_length=500)] | None = None
    kind: Literal["entity", "individual"] | None = Field(None, description="Compare with entries of this kind only")
    reference: Annotated[SingleLine, StringConstraints(max_length=200)] | None = Field(
        None, description="Yours, echoed back, to pair answers with parties"
    )


class PartyBatch(BaseModel):
    model_config = ConfigDict(extra="forbid", json_schema_extra={"examples": [examples.PARTY_BATCH]})

    parties: list[Party] = Field(min_length=1, max_length=MAX_BATCH, description=f"1 to {MAX_BATCH} parties")


class ScreeningResult(BaseModel):
    model_config = ConfigDict(json_schema_extra={"examples": [examples.SCREENING_RESULT, examples.CLEAR_RESULT]})

    reference: str | None
    outcome: Literal["clear", "possible_match"] = Field(
        description="`possible_match` also when no list is loaded: nothing is cleared without a list"
    )
    matches: list[MatchEvidence] = Field(description="Best first: the entry, the name or alias, score and parts")
    list_versions: list[str]
    threshold: float


class BatchResult(BaseModel):
    model_config = ConfigDict(json_schema_extra={"examples": [examples.BATCH_RESULT]})

    results: list[ScreeningResult] = Field(description="In the order the parties were sent")


class ScreeningRead(BaseModel):
    model_config = ConfigDict(from_attributes=True, json_schema_extra={"examples": [examples.SCREENING]})

    id: uuid.UUID
    customer_id: uuid.UUID
    trigger: str
    party: dict[str, Any]
    outcome: str
    matches: list[dict[str, Any]]
    list_versions: list[str]
    threshold: float
    created_at: datetime
