"""All SQL on the location and PSTN-programme projections."""

from __future__ import annotations

import uuid
from datetime import datetime
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.ext.asyncio import AsyncSession

from pstn_orders.location.models import Location, PstnPartner
from servicekit import TenantRepository


class LocationRepository(TenantRepository):
    async def get(self, location_id: uuid.UUID) -> Location | None:
        """A live location of the tenant's subtree; a deleted one or one outside it is none (R-HIER-03)."""
        stmt = select(Location).where(
            self.in_tenant(Location.tenant_path), Location.id == location_id, Location.deleted_at.is_(None)
        )
        return await self.session.scalar(stmt)

    async def of_customer(self, customer_id: uuid.UUID) -> list[Location]:
        """The customer's live locations, by name."""
        stmt = (
            select(Location)
            .where(
                self.in_tenant(Location.tenant_path),
                Location.customer_id == customer_id,
                Location.deleted_at.is_(None),
            )
            .order_by(Location.name, Location.id)
        )
        return list((await self.session.scalars(stmt)).all())

    async def put(self, location_id: uuid.UUID, values: dict[str, Any]) -> None:
        """Insert or replace the location as an event describes it."""
        stmt = pg_insert(Location).values(id=location_id, **values)
        stmt = stmt.on_conflict_do_update(index_elements=[Location.id], set_={**values, "updated_at": func.now()})
        await self.session.execute(stmt)


async def put_partner(
    session: AsyncSession, partner_id: uuid.UUID, *, enrolled: bool, calling_addendum_accepted_at: datetime | None
) -> None:
    values = {"enrolled": enrolled, "calling_addendum_accepted_at": calling_addendum_accepted_at}
    stmt = pg_insert(PstnPartner).values(partner_id=partner_id, **values)
    stmt = stmt.on_conflict_do_update(
        index_elements=[PstnPartner.partner_id], set_={**values, "updated_at": func.now()}
    )
    await session.execute(stmt)


def parent_of(tenant_path: str) -> uuid.UUID | None:
    """The customer's parent in a materialized path (`/root/partner/customer/`); none for the root."""
    ids = [part for part in tenant_path.split("/") if part]
    return uuid.UUID(ids[-2]) if len(ids) >= 2 else None


async def partner_enrolled(session: AsyncSession, tenant_path: str) -> bool:
    """R-PSTN-02: the customer's partner (its parent) is enrolled in the PSTN programme, addendum accepted."""
    partner_id = parent_of(tenant_path)
    if partner_id is None:
        return False
    stmt = select(PstnPartner.partner_id).where(
        PstnPartner.partner_id == partner_id,
        PstnPartner.enrolled.is_(True),
        PstnPartner.calling_addendum_accepted_at.is_not(None),
    )
    return await session.scalar(stmt) is not None
