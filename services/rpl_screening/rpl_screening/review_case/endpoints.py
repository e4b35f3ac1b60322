"""Reviewer HTTP API: open cases, their evidence, and decisions."""

from __future__ import annotations

import uuid
from typing import Annotated

from fastapi import APIRouter, Depends, Query

from contracts.enums import ReviewCaseState, Role
from rpl_screening.review_case.repository import ReviewCaseRepository
from rpl_screening.review_case.schemas import (
    Decision,
    DecisionRead,
    ReviewCaseDetail,
    ReviewCaseRead,
    ScreeningRead,
)
from rpl_screening.review_case.service import ReviewCaseNotFound, ReviewCaseService
from servicekit import (
    DEFAULT_LIMIT,
    MAX_LIMIT,
    PROBLEM_RESPONSES,
    Page,
    Principal,
    Session,
    component,
    page_of,
    require_roles,
)

router = APIRouter(prefix="/v1/review-cases", tags=["review cases"], responses=PROBLEM_RESPONSES)

Reviewer = Annotated[Principal, Depends(require_roles(Role.SCREENING_REVIEWER))]


Cases = Annotated[ReviewCaseService, Depends(component(ReviewCaseService))]


@router.get("", operation_id="list_review_cases", response_model=Page[ReviewCaseRead])
async def list_review_cases(
    session: Session,
    principal: Reviewer,
    state: ReviewCaseState | None = None,
    customer_id: uuid.UUID | None = None,
    cursor: Annotated[str | None, Query(max_length=500)] = None,
    limit: Annotated[int, Query(ge=1, le=MAX_LIMIT)] = DEFAULT_LIMIT,
) -> Page[ReviewCaseRead]:
    """List review cases, oldest first; `state=open` is the reviewers' queue."""
    repo = ReviewCaseRepository(session, tenant_path=principal.tenant_path)
    rows = await repo.list(state=state, customer_id=customer_id, cursor=cursor, limit=limit)
    return page_of(list(rows), limit, to_item=ReviewCaseRead.of)


@router.get("/{case_id}", operation_id="get_review_case", response_model=ReviewCaseDetail)
async def get_review_case(case_id: uuid.UUID, session: Session, principal: Reviewer) -> ReviewCaseDetail:
    """Read a case with its evidence: matched entries, scores, list versions, and every decision."""
    repo = ReviewCaseRepository(session, tenant_path=principal.tenant_path)
    case = await repo.get(case_id)
    if case is None:
        raise ReviewCaseNotFound(f"No review case {case_id}.")
    screening = await repo.screening(case.screening_id)
    decisions = await repo.decisions(case.id)
    return ReviewCaseDetail(
        **ReviewCaseRead.of(case).model_dump(),
        screening=ScreeningRead.of(screening),
        decisions=[
            DecisionRead(
                action=d.action, actor=d.actor, reason=d.reason, list_versions=d.list_versions, created_at=d.created_at
            )
            for d in decisions
        ],
    )


@router.post(
    "/{case_id}/approve",
    operation_id="approve_review_case",
    response_model=ReviewCaseRead,
    responses={409: {"description": "The case is already closed"}},
)
async def approve_review_case(
    case_id: uuid.UUID, body: Decision, session: Session, principal: Reviewer, cases: Cases
) -> ReviewCaseRead:
    """Approve a flagged customer: not the listed party; onboarding continues (R-RPL-04)."""
    case = await cases.approve(session, case_id, body.reason, principal=principal)
    return ReviewCaseRead.of(case)


@router.post(
    "/{case_id}/reject",
    operation_id="reject_review_case",
    response_model=ReviewCaseRead,
    responses={409: {"description": "The case is already closed"}},
)
async def reject_review_case(
    case_id: uuid.UUID, body: Decision, session: Session, principal: Reviewer, cases: Cases
) -> ReviewCaseRead:
    """Reject a flagged customer; its onboarding stops in `error` (R-RPL-04)."""
    case = await cases.reject(session, case_id, body.reason, principal=principal)
    return ReviewCaseRead.of(case)
