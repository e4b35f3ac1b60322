"""Reviewer HTTP API: open cases, their evidence, and decisions."""

from __future__ import annotations

import uuid
from typing import Annotated, Any

from fastapi import APIRouter, Depends

from contracts.enums import ReviewCaseState, Role
from contracts.problem import Problem
from rpl_screening.review_case.schemas import Decision, ReviewCaseDetail, ReviewCaseRead
from rpl_screening.review_case.service import ReviewCaseService
from servicekit import PROBLEM_RESPONSES, Page, Paging, Principal, Session, component, page_of, require_roles

router = APIRouter(prefix="/v1/review-cases", tags=["review cases"], responses=PROBLEM_RESPONSES)
Cases = Annotated[ReviewCaseService, Depends(component(ReviewCaseService))]
Reviewer = Annotated[Principal, Depends(require_roles(Role.SCREENING_REVIEWER))]
CLOSED: dict[int | str, dict[str, Any]] = {409: {"model": Problem, "description": "The case is already closed"}}


@router.get("", operation_id="list_review_cases", response_model=Page[ReviewCaseRead])
async def list_review_cases(
    session: Session,
    principal: Reviewer,
    cases: Cases,
    page: Paging,
    state: ReviewCaseState | None = None,
    customer_id: uuid.UUID | None = None,
) -> Page[ReviewCaseRead]:
    """List review cases, oldest first; `state=open` is the reviewers' queue."""
    rows = await cases.list(session, page, principal=principal, state=state, customer_id=customer_id)
    return page_of(rows, page, ReviewCaseRead)


@router.get("/{case_id}", operation_id="get_review_case", response_model=ReviewCaseDetail)
async def get_review_case(case_id: uuid.UUID, session: Session, principal: Reviewer, cases: Cases) -> ReviewCaseDetail:
    """Read a case with its evidence: matched entries, scores, list versions, and every decision."""
    return ReviewCaseDetail.model_validate(await cases.get(session, case_id, principal=principal))


@router.post("/{case_id}/approve", operation_id="approve_review_case", response_model=ReviewCaseRead, responses=CLOSED)
async def approve_review_case(
    case_id: uuid.UUID, body: Decision, session: Session, principal: Reviewer, cases: Cases
) -> ReviewCaseRead:
    """Approve a flagged customer: not the listed party; onboarding continues (R-RPL-04)."""
    return ReviewCaseRead.model_validate(await cases.approve(session, case_id, body.reason, principal=principal))


@router.post("/{case_id}/reject", operation_id="reject_review_case", response_model=ReviewCaseRead, responses=CLOSED)
async def reject_review_case(
    case_id: uuid.UUID, body: Decision, session: Session, principal: Reviewer, cases: Cases
) -> ReviewCaseRead:
    """Reject a flagged customer; its onboarding stops in `error` (R-RPL-04)."""
    return ReviewCaseRead.model_validate(await cases.reject(session, case_id, body.reason, principal=principal))
