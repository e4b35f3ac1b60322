"""Screening HTTP API: check prospects now, and read the screenings of customers with their evidence (R-RPL-06)."""

from __future__ import annotations

import uuid
from typing import Annotated

from fastapi import APIRouter, Depends

from contracts.enums import Role
from rpl_screening.screening.schemas import BatchResult, Party, PartyBatch, ScreeningRead, ScreeningResult
from rpl_screening.screening.service import ScreeningService
from servicekit import PROBLEM_RESPONSES, Page, Paging, Principal, Session, component, page_of, require_roles

router = APIRouter(prefix="/v1/screenings", tags=["screenings"], responses=PROBLEM_RESPONSES)
Screenings = Annotated[ScreeningService, Depends(component(ScreeningService))]
Checker = Annotated[
    Principal,
    Depends(require_roles(Role.PLATFORM_ROOT, Role.PARTNER_ADMIN, Role.CUSTOMER_FULL_ADMIN, Role.SCREENING_REVIEWER)),
]
Reviewer = Annotated[Principal, Depends(require_roles(Role.SCREENING_REVIEWER, Role.PLATFORM_ROOT))]


@router.post("/check", operation_id="check_party", response_model=ScreeningResult)
async def check_party(party: Party, principal: Checker, screenings: Screenings) -> ScreeningResult:
    """Screen one prospect now, before creating it (R-RPL-05): nothing is stored, nothing is published."""
    return screenings.check(party)


@router.post("/batch", operation_id="check_parties", response_model=BatchResult)
async def check_parties(batch: PartyBatch, principal: Checker, screenings: Screenings) -> BatchResult:
    """Screen up to 1,000 prospects in one call; answers in the order sent."""
    return BatchResult(results=await screenings.check_all(batch.parties))


@router.get("", operation_id="list_screenings", response_model=Page[ScreeningRead])
async def list_screenings(
    session: Session, principal: Reviewer, screenings: Screenings, page: Paging, customer_id: uuid.UUID | None = None
) -> Page[ScreeningRead]:
    """List screenings of your subtree, oldest first, optionally of one customer."""
    rows = await screenings.list(session, page, principal=principal, customer_id=customer_id)
    return page_of(rows, page, ScreeningRead)
