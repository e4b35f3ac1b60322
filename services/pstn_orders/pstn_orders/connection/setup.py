"""A customer's PSTN setup as a whole: it can be skipped at trial start and resumed later (R-PSTN-32)."""

from __future__ import annotations

import uuid

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from contracts.events import PstnSetupResumed, PstnSetupSkipped
from pstn_orders.connection.models import PstnSetup
from pstn_orders.models import known_customers
from servicekit import Clock, emit


class SetupProgress:
    def __init__(self, *, clock: Clock) -> None:
        self.clock = clock

    async def get(self, session: AsyncSession, customer_id: uuid.UUID) -> PstnSetup | None:
        return await session.scalar(select(PstnSetup).where(PstnSetup.customer_id == customer_id))

    async def skip(self, session: AsyncSession, customer_id: uuid.UUID) -> PstnSetup:
        """Put setup aside; the customer is provisioned without PSTN until it is resumed (R-PSTN-32)."""
        tenant_path = await session.scalar(
            select(known_customers.c.tenant_path).where(known_customers.c.customer_id == customer_id)
        )
        assert tenant_path is not None  # the caller found the customer in the directory
        setup = await self.get(session, customer_id)
        if setup is not None and setup.skipped_at is not None and setup.resumed_at is None:
            return setup  # skipped already: nothing changes
        now = self.clock.now()
        if setup is None:
            setup = PstnSetup(customer_id=customer_id, tenant_path=tenant_path)
            session.add(setup)
        setup.skipped_at, setup.resumed_at = now, None
        await session.flush()
        await emit(session, PstnSetupSkipped(customer_id=customer_id, tenant_path=tenant_path, skipped_at=now))
        return setup

    async def resume(self, session: AsyncSession, customer_id: uuid.UUID, tenant_path: str) -> None:
        """Any setup step taken after a skip resumes the setup (R-PSTN-32)."""
        setup = await self.get(session, customer_id)
        if setup is None or setup.skipped_at is None or setup.resumed_at is not None:
            return
        setup.resumed_at = now = self.clock.now()
        await session.flush()
        await emit(session, PstnSetupResumed(customer_id=customer_id, tenant_path=tenant_path, resumed_at=now))
