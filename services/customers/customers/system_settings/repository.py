"""All SQL on delegations: the root's grants of one system-wide setting to a named customer (R-HIER-04)."""

from __future__ import annotations

import uuid
from collections.abc import Sequence

from sqlalchemy import delete, select
from sqlalchemy.ext.asyncio import AsyncSession

from customers.system_settings.models import Delegation


class DelegationRepository:
    """Platform data kept by the root: a plain session, no tenant."""

    def __init__(self, session: AsyncSession) -> None:
        self.session = session

    async def get(self, customer_id: uuid.UUID, permission: str) -> Delegation | None:
        return await self.session.get(Delegation, (customer_id, permission))

    async def put(self, delegation: Delegation) -> Delegation:
        self.session.add(delegation)
        await self.session.flush()
        await self.session.refresh(delegation)
        return delegation

    async def all(self) -> Sequence[Delegation]:
        return (await self.session.scalars(select(Delegation).order_by(Delegation.created_at))).all()

    async def remove(self, customer_id: uuid.UUID, permission: str) -> None:
        await self.session.execute(
            delete(Delegation).where(Delegation.customer_id == customer_id, Delegation.permission == permission)
        )
