"""All SQL on PSTN connections."""

from __future__ import annotations

import uuid

from sqlalchemy import select

from pstn_orders.connection.models import PstnConnection
from servicekit import TenantRepository


class PstnConnectionRepository(TenantRepository):
    async def of_location(self, location_id: uuid.UUID, *, for_update: bool = False) -> PstnConnection | None:
        stmt = select(PstnConnection).where(
            self.in_tenant(PstnConnection.tenant_path), PstnConnection.location_id == location_id
        )
        return await self.session.scalar(stmt.with_for_update() if for_update else stmt)

    async def of_customer(self, customer_id: uuid.UUID) -> dict[uuid.UUID, PstnConnection]:
        stmt = select(PstnConnection).where(
            self.in_tenant(PstnConnection.tenant_path), PstnConnection.customer_id == customer_id
        )
        return {c.location_id: c for c in (await self.session.scalars(stmt)).all()}

    async def calling_plan_enabled_anywhere(self, customer_id: uuid.UUID) -> bool:
        stmt = select(PstnConnection.id).where(
            PstnConnection.customer_id == customer_id, PstnConnection.calling_plan_enabled_at.is_not(None)
        )
        return await self.session.scalar(stmt.limit(1)) is not None

    async def add(self, connection: PstnConnection) -> PstnConnection:
        self.session.add(connection)
        await self.session.flush()
        return connection
