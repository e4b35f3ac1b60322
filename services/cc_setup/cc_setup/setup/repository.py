"""All SQL on contact-center setups."""

from __future__ import annotations

import uuid

from sqlalchemy import select

from cc_setup.models import known_customers
from cc_setup.setup.models import ContactCenterSetup
from servicekit import TenantRepository


class SetupRepository(TenantRepository):
    async def add(self, setup: ContactCenterSetup) -> ContactCenterSetup:
        self.session.add(setup)
        await self.session.flush()
        return setup

    async def get(self, customer_id: uuid.UUID, *, for_update: bool = False) -> ContactCenterSetup | None:
        stmt = select(ContactCenterSetup).where(
            self.in_tenant(ContactCenterSetup.tenant_path), ContactCenterSetup.customer_id == customer_id
        )
        if for_update:
            stmt = stmt.with_for_update()
        return await self.session.scalar(stmt)

    async def tenant_path_of(self, customer_id: uuid.UUID) -> str:
        stmt = select(known_customers.c.tenant_path).where(known_customers.c.customer_id == customer_id)
        path: str = (await self.session.execute(stmt)).scalar_one()
        return path

    async def customer_name(self, customer_id: uuid.UUID) -> str | None:
        stmt = select(known_customers.c.name).where(known_customers.c.customer_id == customer_id)
        name: str | None = (await self.session.execute(stmt)).scalar_one_or_none()
        return name

    async def customer_state(self, customer_id: uuid.UUID) -> str | None:
        stmt = select(known_customers.c.state).where(known_customers.c.customer_id == customer_id)
        state: str | None = (await self.session.execute(stmt)).scalar_one_or_none()
        return state

    async def sip_address_holder(self, address: str) -> uuid.UUID | None:
        stmt = select(ContactCenterSetup.customer_id).where(ContactCenterSetup.sip_address == address)
        holder: uuid.UUID | None = await self.session.scalar(stmt)
        return holder
