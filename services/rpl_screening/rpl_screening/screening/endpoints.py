"""Screening records: what was screened, against which list versions, and what matched (R-RPL-06)."""

from __future__ import annotations

import asyncio
import uuid
from typing import Annotated

from fastapi import APIRouter, Depends, Query
from sqlalchemy import select

from contracts.enums import Role
from contracts.events import MatchEvidence
from rpl_screening.models import Screening
from rpl_screening.review_case.schemas import ScreeningRead
from rpl_screening.screening.engine import ScreeningEngine
from rpl_screening.screening.schemas import BatchResult, Party, PartyBatch, ScreeningResult
from rpl_screening.screening.service import NO_LIST_LOADED, evidence
from servicekit import (
    DEFAULT_LIMIT,
    MAX_LIMIT,
    PROBLEM_RESPONSES,
    Page,
    Principal,
    Session,
    component,
    page_of,
    paginate,
    require_roles,
)

Engine = Annotated[ScreeningEngine, Depends(component(ScreeningEngine))]
router = APIRouter(prefix="/v1/screenings", tags=["screenings"], responses=PROBLEM_RESPONSES)
Checker = Annotated[
    Principal,
    Depends(require_roles(Role.PLATFORM_ROOT, Role.PARTNER_ADMIN, Role.CUSTOMER_FULL_ADMIN, Role.SCREENING_REVIEWER)),
]


def _check(engine: ScreeningEngine, party: Party) -> ScreeningResult:
    if engine.loaded:
        found = engine.screen(party.name, country=party.country, address=party.address, kind=party.kind)
        matches = [MatchEvidence(**evidence(m)) for m in found]
    else:
        matches = [MatchEvidence(**NO_LIST_LOADED)]  # never clear without a list
    return ScreeningResult(
        reference=party.reference,
        outcome="possible_match" if matches else "clear",
        matches=matches,
        list_versions=list(engine.versions),
        threshold=engine.threshold or 0.0,
    )


@router.post("/check", operation_id="check_party", response_model=ScreeningResult)
async def check_party(party: Party, principal: Checker, engine: Engine) -> ScreeningResult:
    """Screen one prospect now, before creating it (R-RPL-05): nothing is stored, nothing is published."""
    return _check(engine, party)


@router.post("/batch", operation_id="check_parties", response_model=BatchResult)
async def check_parties(batch: PartyBatch, principal: Checker, engine: Engine) -> BatchResult:
    """Screen up to 1,000 prospects in one call; answers in the order sent."""
    results = await asyncio.to_thread(lambda: [_check(engine, p) for p in batch.parties])
    return BatchResult(results=results)


@router.get("", operation_id="list_screenings", response_model=Page[ScreeningRead])
async def list_screenings(
    session: Session,
    principal: Annotated[Principal, Depends(require_roles(Role.SCREENING_REVIEWER, Role.PLATFORM_ROOT))],
    customer_id: uuid.UUID | None = None,
    cursor: Annotated[str | None, Query(max_length=500)] = None,
    limit: Annotated[int, Query(ge=1, le=MAX_LIMIT)] = DEFAULT_LIMIT,
) -> Page[ScreeningRead]:
    """List screenings of your subtree, oldest first, optionally of one customer."""
    stmt = select(Screening).where(Screening.tenant_path.startswith(principal.tenant_path, autoescape=True))
    if customer_id is not None:
        stmt = stmt.where(Screening.customer_id == customer_id)
    rows = (
        await session.execute(paginate(stmt, Screening.created_at, Screening.id, cursor=cursor, limit=limit))
    ).scalars()
    return page_of(list(rows), limit, to_item=ScreeningRead.of)
