"""Screening records: what was screened, against which list versions, and what matched (R-RPL-06)."""

from __future__ import annotations

import uuid
from typing import Annotated

from fastapi import APIRouter, Depends, Query
from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from contracts.enums import Role
from rpl_screening.models import Screening
from rpl_screening.review_case.schemas import ScreeningRead
from servicekit.auth import Principal, require_roles
from servicekit.db import get_session
from servicekit.pagination import DEFAULT_LIMIT, MAX_LIMIT, Page, page_of, paginate
from servicekit.problems import PROBLEM_RESPONSES

router = APIRouter(prefix="/v1/screenings", tags=["screenings"], responses=PROBLEM_RESPONSES)


@router.get("", operation_id="list_screenings", response_model=Page[ScreeningRead])
async def list_screenings(
    session: Annotated[AsyncSession, Depends(get_session, scope="function")],
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
