"""All SQL on the users projection."""

from __future__ import annotations

import uuid
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.dialects.postgresql import insert as pg_insert

from pstn_orders.user.models import CallingUser
from servicekit import TenantRepository


class CallingUserRepository(TenantRepository):
    async def get(self, customer_id: uuid.UUID, user_id: uuid.UUID) -> CallingUser | None:
        stmt = select(CallingUser).where(
            self.in_tenant(CallingUser.tenant_path),
            CallingUser.customer_id == customer_id,
            CallingUser.id == user_id,
        )
        return await self.session.scalar(stmt)

    async def put(self, user_id: uuid.UUID, values: dict[str, Any]) -> None:
        """Insert the user, or bring what is known of it up to date."""
        stmt = pg_insert(CallingUser).values(id=user_id, **values)
        stmt = stmt.on_conflict_do_update(index_elements=[CallingUser.id], set_={**values, "updated_at": func.now()})
        await self.session.execute(stmt)

    async def change_package(self, user_id: uuid.UUID, package: str) -> bool:
        """False when the user is not known yet (its created event is still on its way)."""
        user = await self.session.get(CallingUser, user_id, with_for_update=True)
        if user is None:
            return False
        user.package = package
        await self.session.flush()
        return True
