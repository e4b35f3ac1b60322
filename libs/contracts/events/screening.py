"""Screening outcomes, published by rpl_screening on `rpl_screening.screening.v1`."""

from __future__ import annotations

import uuid
from typing import ClassVar

from pydantic import BaseModel, ConfigDict

from contracts import topics
from contracts.envelope import Event


class MatchEvidence(BaseModel):
    """One list entry a party resembled, and why (R-RPL-06)."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    list_source: str
    entry_uid: str
    entry_name: str
    matched_name: str
    score: float
    qualifiers: tuple[str, ...] = ()
    parts: dict[str, float] = {}
    entry_type: str | None = None
    matched_alias: bool = False


class _ScreeningEvent(Event):
    topic: ClassVar[str] = topics.SCREENING
    customer_id: uuid.UUID
    screening_id: uuid.UUID
    screening_ref: uuid.UUID  # echoes the request's ref so a stale outcome can be told apart
    list_versions: tuple[str, ...]


class ScreeningCleared(_ScreeningEvent):
    """No possible match: onboarding continues (R-RPL-02)."""

    type: ClassVar[str] = "screening.cleared.v1"


class ScreeningFlagged(_ScreeningEvent):
    """A possible match: a review case is open with a deadline (R-RPL-03, R-RPL-04)."""

    type: ClassVar[str] = "screening.flagged.v1"
    review_case_id: uuid.UUID
    matches: tuple[MatchEvidence, ...]
    review_deadline: str  # ISO 8601 UTC


class ReviewApproved(_ScreeningEvent):
    """A reviewer approved the flagged customer (R-RPL-04)."""

    type: ClassVar[str] = "screening.review_approved.v1"
    review_case_id: uuid.UUID
    reviewer: str
    reason: str


class ReviewRejected(_ScreeningEvent):
    """A reviewer rejected the case, or its window lapsed (`expired`) (R-RPL-04)."""

    type: ClassVar[str] = "screening.review_rejected.v1"
    review_case_id: uuid.UUID
    reviewer: str | None
    reason: str
    expired: bool


class ListMatchFound(_ScreeningEvent):
    """A list update added or changed entries that an already screened customer now resembles.

    Continuous screening: a review case is open; the customer's onboarding state is not changed by it.
    """

    type: ClassVar[str] = "screening.list_match.v1"
    review_case_id: uuid.UUID
    matches: tuple[MatchEvidence, ...]
    new_list_version: str
    review_deadline: str  # ISO 8601 UTC
