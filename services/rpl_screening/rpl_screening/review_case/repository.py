"""All SQL on review cases and their decisions, within one tenant's subtree (R-HIER-03)."""

from __future__ import annotations

import uuid
from collections.abc import Sequence

from sqlalchemy import select
from sqlalchemy.orm import selectinload

from contracts.enums import ReviewCaseState
from rpl_screening.models import ReviewCase, ReviewDecision
from servicekit import PageRequest, TenantRepository, paginate


class ReviewCaseRepository(TenantRepository):
    async def get(self, case_id: uuid.UUID, *, for_update: bool = False) -> ReviewCase | None:
        stmt = select(ReviewCase).where(self.in_tenant(ReviewCase.tenant_path), ReviewCase.id == case_id)
        if for_update:
            stmt = stmt.with_for_update()
        return await self.session.scalar(stmt)

    async def get_with_evidence(self, case_id: uuid.UUID) -> ReviewCase | None:
        """The case with the screening that opened it and every decision taken on it."""
        stmt = (
            select(ReviewCase)
            .where(self.in_tenant(ReviewCase.tenant_path), ReviewCase.id == case_id)
            .options(selectinload(ReviewCase.screening), selectinload(ReviewCase.decisions))
        )
        return await self.session.scalar(stmt)

    async def list(
        self, page: PageRequest, *, state: ReviewCaseState | None = None, customer_id: uuid.UUID | None = None
    ) -> Sequence[ReviewCase]:
        stmt = select(ReviewCase).where(self.in_tenant(ReviewCase.tenant_path))
        if state is not None:
            stmt = stmt.where(ReviewCase.state == state)
        if customer_id is not None:
            stmt = stmt.where(ReviewCase.customer_id == customer_id)
        return (await self.session.scalars(paginate(stmt, ReviewCase.created_at, ReviewCase.id, page))).all()

    async def open_of_customer(self, customer_id: uuid.UUID) -> Sequence[ReviewCase]:
        """The customer's open cases, locked: a new screening is about to supersede them."""
        stmt = (
            select(ReviewCase)
            .where(
                self.in_tenant(ReviewCase.tenant_path),
                ReviewCase.customer_id == customer_id,
                ReviewCase.state == ReviewCaseState.OPEN,
            )
            .with_for_update()
        )
        return (await self.session.scalars(stmt)).all()

    async def add(self, case: ReviewCase) -> ReviewCase:
        self.session.add(case)
        await self.session.flush()
        return case

    def add_decision(self, decision: ReviewDecision) -> None:
        self.session.add(decision)
