"""All SQL on number orders and their items."""

from __future__ import annotations

import uuid
from collections.abc import Sequence

from sqlalchemy import func, select
from sqlalchemy.orm import selectinload

from pstn_orders.models import known_customers
from pstn_orders.number.models import PhoneNumber
from pstn_orders.number_order.models import NumberOrder, NumberOrderItem
from servicekit import PageRequest, TenantRepository, paginate


class NumberOrderRepository(TenantRepository):
    async def add(self, order: NumberOrder) -> NumberOrder:
        self.session.add(order)
        await self.session.flush()
        return order

    async def get(self, customer_id: uuid.UUID, order_id: uuid.UUID) -> NumberOrder | None:
        stmt = (
            select(NumberOrder)
            .where(
                self.in_tenant(NumberOrder.tenant_path),
                NumberOrder.customer_id == customer_id,
                NumberOrder.id == order_id,
            )
            .options(selectinload(NumberOrder.items))
        )
        return await self.session.scalar(stmt)

    async def by_id(self, order_id: uuid.UUID, *, for_update: bool = False) -> NumberOrder | None:
        stmt = (
            select(NumberOrder)
            .where(self.in_tenant(NumberOrder.tenant_path), NumberOrder.id == order_id)
            .options(selectinload(NumberOrder.items))
        )
        if for_update:
            stmt = stmt.with_for_update(of=NumberOrder)
        return await self.session.scalar(stmt)

    async def list(
        self, customer_id: uuid.UUID, page: PageRequest, *, state: str | None = None
    ) -> Sequence[NumberOrder]:
        stmt = (
            select(NumberOrder)
            .where(self.in_tenant(NumberOrder.tenant_path), NumberOrder.customer_id == customer_id)
            .options(selectinload(NumberOrder.items))
        )
        if state is not None:
            stmt = stmt.where(NumberOrder.state == state)
        return (await self.session.scalars(paginate(stmt, NumberOrder.created_at, NumberOrder.id, page))).all()

    async def awaiting_signature(self, customer_id: uuid.UUID) -> Sequence[uuid.UUID]:
        """Orders placed before the contract was signed: pending, never activated (R-PSTN-34)."""
        stmt = (
            select(NumberOrder.id)
            .where(
                self.in_tenant(NumberOrder.tenant_path),
                NumberOrder.customer_id == customer_id,
                NumberOrder.kind == "numbers",
                NumberOrder.state == "pending",
                NumberOrder.activated_at.is_(None),
            )
            .order_by(NumberOrder.created_at, NumberOrder.id)
        )
        return (await self.session.scalars(stmt)).all()

    async def any_of_customer(self, customer_id: uuid.UUID) -> bool:
        stmt = select(NumberOrder.id).where(NumberOrder.customer_id == customer_id).limit(1)
        return await self.session.scalar(stmt) is not None

    async def numbers_ordered(self, customer_id: uuid.UUID) -> int:
        """R-PSTN-07: every number the customer ordered that did not fail, and the quantities it asked support."""
        items = await self.session.scalar(
            select(func.count(NumberOrderItem.id))
            .join(NumberOrder, NumberOrder.id == NumberOrderItem.order_id)
            .where(NumberOrder.customer_id == customer_id, NumberOrderItem.fulfilment != "failed")
        )
        requested = await self.session.scalar(
            select(func.coalesce(func.sum(NumberOrder.quantity), 0)).where(
                NumberOrder.customer_id == customer_id,
                NumberOrder.kind == "support_request",
                NumberOrder.state != "error",
            )
        )
        return int(items or 0) + int(requested or 0)

    async def held(self, numbers: Sequence[str]) -> Sequence[str]:
        """Which of the numbers a customer of the platform holds already (ordered, active, not released)."""
        stmt = select(PhoneNumber.number).where(PhoneNumber.number.in_(numbers), PhoneNumber.state != "released")
        return sorted((await self.session.scalars(stmt)).all())

    async def lock_customer(self, customer_id: uuid.UUID) -> None:
        """Orders of one customer are placed one after another, so R-PSTN-07's count holds under races."""
        await self.session.execute(
            select(known_customers.c.customer_id).where(known_customers.c.customer_id == customer_id).with_for_update()
        )
