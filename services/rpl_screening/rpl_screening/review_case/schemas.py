from __future__ import annotations

import uuid
from datetime import datetime
from typing import Annotated, Any

from pydantic import BaseModel, ConfigDict, StringConstraints

from contracts.enums import ReviewCaseState


class Decision(BaseModel):
    model_config = ConfigDict(
        extra="forbid",
        json_schema_extra={"examples": [{"reason": "Different entity: registry number and address do not match."}]},
    )

    reason: Annotated[str, StringConstraints(strip_whitespace=True, min_length=3, max_length=2000)]


class DecisionRead(BaseModel):
    action: str
    actor: str
    reason: str
    list_versions: list[str]
    created_at: datetime


class ScreeningRead(BaseModel):
    id: uuid.UUID
    customer_id: uuid.UUID
    trigger: str
    party: dict[str, Any]
    outcome: str
    matches: list[dict[str, Any]]
    list_versions: list[str]
    threshold: float
    created_at: datetime

    @classmethod
    def of(cls, s: Any) -> ScreeningRead:
        return cls(
            id=s.id,
            customer_id=s.customer_id,
            trigger=s.trigger,
            party=s.party,
            outcome=s.outcome,
            matches=s.matches,
            list_versions=s.list_versions,
            threshold=s.threshold,
            created_at=s.created_at,
        )


class ReviewCaseRead(BaseModel):
    id: uuid.UUID
    customer_id: uuid.UUID
    state: ReviewCaseState
    deadline_at: datetime
    decided_at: datetime | None
    decided_by: str | None
    decision_reason: str | None
    created_at: datetime

    @classmethod
    def of(cls, c: Any) -> ReviewCaseRead:
        return cls(
            id=c.id,
            customer_id=c.customer_id,
            state=c.state,
            deadline_at=c.deadline_at,
            decided_at=c.decided_at,
            decided_by=c.decided_by,
            decision_reason=c.decision_reason,
            created_at=c.created_at,
        )


class ReviewCaseDetail(ReviewCaseRead):
    """A case with its evidence: the screening that opened it and every decision taken."""

    screening: ScreeningRead
    decisions: list[DecisionRead]
