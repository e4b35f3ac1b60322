"""All SQL on emergency addresses."""

from __future__ import annotations

import uuid

from sqlalchemy import select

from pstn_orders.emergency_address.models import EmergencyAddress
from servicekit import TenantRepository


class EmergencyAddressRepository(TenantRepository):
    async def get(self, address_id: uuid.UUID, *, for_update: bool = False) -> EmergencyAddress | None:
        stmt = select(EmergencyAddress).where(
            self.in_tenant(EmergencyAddress.tenant_path), EmergencyAddress.id == address_id
        )
        return await self.session.scalar(stmt.with_for_update() if for_update else stmt)

    async def of_location(self, location_id: uuid.UUID, *, for_update: bool = False) -> EmergencyAddress | None:
        stmt = select(EmergencyAddress).where(
            self.in_tenant(EmergencyAddress.tenant_path), EmergencyAddress.location_id == location_id
        )
        return await self.session.scalar(stmt.with_for_update() if for_update else stmt)

    async def of_locations(self, location_ids: list[uuid.UUID]) -> dict[uuid.UUID, EmergencyAddress]:
        stmt = select(EmergencyAddress).where(
            self.in_tenant(EmergencyAddress.tenant_path), EmergencyAddress.location_id.in_(location_ids)
        )
        return {a.location_id: a for a in (await self.session.scalars(stmt)).all() if a.location_id is not None}

    async def add(self, address: EmergencyAddress) -> EmergencyAddress:
        self.session.add(address)
        await self.session.flush()
        return address
