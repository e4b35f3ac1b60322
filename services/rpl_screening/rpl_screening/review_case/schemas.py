"""Review cases, their evidence and decisions, as reviewers read and decide them."""

from __future__ import annotations

import uuid
from datetime import datetime
from typing import Annotated

from pydantic import BaseModel, ConfigDict, StringConstraints

from contracts.enums import ReviewCaseState
from rpl_screening import examples
from rpl_screening.screening.schemas import ScreeningRead
from servicekit import Text


class Decision(BaseModel):
    model_config = ConfigDict(
        extra="forbid",
        json_schema_extra={"examples": [{"reason": "Different entity: registry number and address do not match."}]},
    )

    reason: Annotated[Text, StringConstraints(min_length=3, max_length=2000)]


class DecisionRead(BaseModel):
    model_config = ConfigDict(from_attributes=True, json_schema_extra={"examples": [examples.DECISION]})

    action: str
    actor: str
    reason: str
    list_versions: list[str]
    created_at: datetime


class ReviewCaseRead(BaseModel):
    model_config = ConfigDict(from_attributes=True, json_schema_extra={"examples": [examples.REVIEW_CASE]})

    id: uuid.UUID
    customer_id: uuid.UUID
    state: ReviewCaseState
    deadline_at: datetime
    decided_at: datetime | None
    decided_by: str | None
    decision_reason: str | None
    created_at: datetime


class ReviewCaseDetail(ReviewCaseRead):
    """A case with its evidence: the screening that opened it and every decision taken."""

    model_config = ConfigDict(from_attributes=True, json_schema_extra={"examples": [examples.REVIEW_CASE_DETAIL]})

    screening: ScreeningRead
    decisions: list[DecisionRead]
