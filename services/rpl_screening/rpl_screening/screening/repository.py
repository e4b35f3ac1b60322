"""All SQL on screenings, within one tenant's subtree (R-HIER-03)."""

from __future__ import annotations

import uuid
from collections.abc import Sequence

from sqlalchemy import func, select
from sqlalchemy.dialects.postgresql import distinct_on

from contracts.enums import ReviewCaseState
from rpl_screening.models import ReviewCase, Screening
from servicekit import PageRequest, TenantRepository, paginate


class ScreeningRepository(TenantRepository):
    async def add(self, screening: Screening) -> Screening:
        self.session.add(screening)
        await self.session.flush()
        return screening

    async def lock_ref(self, screening_ref: uuid.UUID) -> None:
        """Until the transaction ends, one screening request per ref at a time (created twice, asked again)."""
        await self.session.execute(select(func.pg_advisory_xact_lock(func.hashtext(str(screening_ref)))))

    async def answering(self, screening_ref: uuid.UUID) -> Screening | None:
        """The screening that answered the request with this ref, if there was one (not a later list update)."""
        stmt = (
            select(Screening)
            .where(self.in_tenant(Screening.tenant_path), Screening.screening_ref == screening_ref)
            .where(Screening.trigger != "list_update")
            .order_by(Screening.created_at, Screening.id)
            .limit(1)
        )
        return (await self.session.scalars(stmt)).first()

    async def case_of(self, screening_id: uuid.UUID) -> ReviewCase | None:
        stmt = select(ReviewCase).where(self.in_tenant(ReviewCase.tenant_path), ReviewCase.screening_id == screening_id)
        return (await self.session.scalars(stmt)).first()

    async def list(self, page: PageRequest, *, customer_id: uuid.UUID | None = None) -> Sequence[Screening]:
        stmt = select(Screening).where(self.in_tenant(Screening.tenant_path))
        if customer_id is not None:
            stmt = stmt.where(Screening.customer_id == customer_id)
        return (await self.session.scalars(paginate(stmt, Screening.created_at, Screening.id, page))).all()

    async def latest_without_open_case(self) -> Sequence[Screening]:
        """Each customer's latest screening, unless a review case of the customer is still open."""
        open_case = select(ReviewCase.customer_id).where(ReviewCase.state == ReviewCaseState.OPEN)
        stmt = (
            select(Screening)
            .where(self.in_tenant(Screening.tenant_path), Screening.customer_id.not_in(open_case))
            .order_by(Screening.customer_id, Screening.created_at.desc())
            .ext(distinct_on(Screening.customer_id))
        )
        return (await self.session.scalars(stmt)).all()
