"""All SQL on contact-center orders."""

from __future__ import annotations

import uuid

from sqlalchemy import select

from cc_setup.models import known_customers
from cc_setup.order.models import ContactCenterOrder
from servicekit import TenantRepository


class OrderRepository(TenantRepository):
    async def add(self, order: ContactCenterOrder) -> ContactCenterOrder:
        self.session.add(order)
        await self.session.flush()
        return order

    async def of_customer(self, customer_id: uuid.UUID) -> ContactCenterOrder | None:
        stmt = select(ContactCenterOrder).where(
            self.in_tenant(ContactCenterOrder.tenant_path), ContactCenterOrder.customer_id == customer_id
        )
        return await self.session.scalar(stmt)

    async def lock_customer(self, customer_id: uuid.UUID) -> None:
        """A customer's orders are taken one at a time, so two racing ones answer one 201 and one 409."""
        await self.session.execute(
            select(known_customers.c.customer_id).where(known_customers.c.customer_id == customer_id).with_for_update()
        )
