"""Who helps with contact-center setup, kept as data: each desk, what it helps with, and its contact."""

from __future__ import annotations

from enum import StrEnum

from pydantic import BaseModel, ConfigDict


class DeskName(StrEnum):
    solution_assurance = "solution_assurance"
    technical_assistance = "technical_assistance"
    partner_help_desk = "partner_help_desk"


class Desk(BaseModel):
    model_config = ConfigDict(
        frozen=True,
        json_schema_extra={
            "examples": [
                {
                    "desk": "solution_assurance",
                    "title": "Solution assurance",
                    "purpose": "countries with no compatible contact-center location",
                    "contact": "solution-assurance@wholesale.example",
                }
            ]
        },
    )

    desk: DeskName
    title: str
    purpose: str
    contact: str


DESKS: dict[DeskName, Desk] = {
    d.desk: d
    for d in (
        Desk(
            desk=DeskName.solution_assurance,
            title="Solution assurance",
            purpose="countries with no compatible contact-center location",
            contact="solution-assurance@wholesale.example",
        ),
        Desk(
            desk=DeskName.technical_assistance,
            title="Technical assistance",
            purpose="tenant provisioning faults",
            contact="technical-assistance@wholesale.example",
        ),
        Desk(
            desk=DeskName.partner_help_desk,
            title="Partner help desk",
            purpose="guidance on trials, orders and setup",
            contact="partner-help@wholesale.example",
        ),
    )
}

NO_LOCATION = DESKS[DeskName.solution_assurance]  # R-CC-05
PROVISIONING_FAULT = DESKS[DeskName.technical_assistance]
