"""SQL on review cases, scoped to the caller's subtree (R-HIER-03)."""

from __future__ import annotations

import uuid
from collections.abc import Sequence

from sqlalchemy import Select, select
from sqlalchemy.ext.asyncio import AsyncSession

from contracts.enums import ReviewCaseState
from rpl_screening.models import ReviewCase, ReviewDecision, Screening
from servicekit import paginate


class ReviewCaseRepository:
    def __init__(self, session: AsyncSession, *, tenant_path: str) -> None:
        self.session = session
        self.tenant_path = tenant_path

    def _scoped(self) -> Select[tuple[ReviewCase]]:
        return select(ReviewCase).where(ReviewCase.tenant_path.startswith(self.tenant_path, autoescape=True))

    async def get(self, case_id: uuid.UUID, *, for_update: bool = False) -> ReviewCase | None:
        stmt = self._scoped().where(ReviewCase.id == case_id)
        if for_update:
            stmt = stmt.with_for_update()
        return (await self.session.execute(stmt)).scalar_one_or_none()

    async def list(
        self, *, state: ReviewCaseState | None, customer_id: uuid.UUID | None, cursor: str | None, limit: int
    ) -> Sequence[ReviewCase]:
        stmt = self._scoped()
        if state is not None:
            stmt = stmt.where(ReviewCase.state == state)
        if customer_id is not None:
            stmt = stmt.where(ReviewCase.customer_id == customer_id)
        stmt = paginate(stmt, ReviewCase.created_at, ReviewCase.id, cursor=cursor, limit=limit)
        return (await self.session.execute(stmt)).scalars().all()

    async def screening(self, screening_id: uuid.UUID) -> Screening:
        return (await self.session.execute(select(Screening).where(Screening.id == screening_id))).scalar_one()

    async def decisions(self, case_id: uuid.UUID) -> Sequence[ReviewDecision]:
        stmt = select(ReviewDecision).where(ReviewDecision.case_id == case_id).order_by(ReviewDecision.created_at)
        return (await self.session.execute(stmt)).scalars().all()
