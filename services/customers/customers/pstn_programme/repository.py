"""All SQL on the partners' PSTN programme."""

from __future__ import annotations

import uuid

from sqlalchemy import select

from customers.customer.repository import CustomerOwnedRepository
from customers.pstn_programme.models import PstnProgramme


class PstnProgrammeRepository(CustomerOwnedRepository):
    async def get(self, partner_id: uuid.UUID, *, for_update: bool = False) -> PstnProgramme | None:
        stmt = select(PstnProgramme).where(
            self.of_tenant(PstnProgramme.partner_id), PstnProgramme.partner_id == partner_id
        )
        if for_update:
            stmt = stmt.with_for_update()
        return await self.session.scalar(stmt)

    async def add(self, programme: PstnProgramme) -> PstnProgramme:
        self.session.add(programme)
        await self.session.flush()
        return programme
