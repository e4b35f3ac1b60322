"""All SQL on port orders, their numbers and their timelines."""

from __future__ import annotations

import uuid
from collections.abc import Sequence

from sqlalchemy import func, select

from pstn_orders.number.models import PhoneNumber
from pstn_orders.port_cart.models import PortCartLine
from pstn_orders.port_order.models import PortOrder, PortOrderEntry, PortOrderNumber
from servicekit import PageRequest, TenantRepository, paginate


class PortOrderRepository(TenantRepository):
    async def add(self, order: PortOrder) -> PortOrder:
        self.session.add(order)
        await self.session.flush()
        return order

    async def get(
        self, customer_id: uuid.UUID, port_order_id: uuid.UUID, *, for_update: bool = False
    ) -> PortOrder | None:
        stmt = select(PortOrder).where(
            self.in_tenant(PortOrder.tenant_path), PortOrder.customer_id == customer_id, PortOrder.id == port_order_id
        )
        if for_update:
            stmt = stmt.with_for_update()
        return await self.session.scalar(stmt)

    async def by_id(self, port_order_id: uuid.UUID, *, for_update: bool = False) -> PortOrder | None:
        stmt = select(PortOrder).where(self.in_tenant(PortOrder.tenant_path), PortOrder.id == port_order_id)
        if for_update:
            stmt = stmt.with_for_update()
        return await self.session.scalar(stmt)

    async def of_customer(self, customer_id: uuid.UUID, page: PageRequest, *, state: str | None) -> Sequence[PortOrder]:
        stmt = select(PortOrder).where(self.in_tenant(PortOrder.tenant_path), PortOrder.customer_id == customer_id)
        if state is not None:
            stmt = stmt.where(PortOrder.state == state)
        return (await self.session.scalars(paginate(stmt, PortOrder.created_at, PortOrder.id, page))).all()

    async def numbers(self, order_id: uuid.UUID, page: PageRequest, *, status: str | None) -> Sequence[PortOrderNumber]:
        stmt = select(PortOrderNumber).where(PortOrderNumber.port_order_id == order_id)
        if status is not None:
            stmt = stmt.where(PortOrderNumber.status == status)
        return (await self.session.scalars(paginate(stmt, PortOrderNumber.created_at, PortOrderNumber.id, page))).all()

    async def timeline(self, order_id: uuid.UUID, page: PageRequest) -> Sequence[PortOrderEntry]:
        stmt = select(PortOrderEntry).where(PortOrderEntry.port_order_id == order_id)
        return (await self.session.scalars(paginate(stmt, PortOrderEntry.created_at, PortOrderEntry.id, page))).all()

    async def cart_lines(self, cart_id: uuid.UUID) -> Sequence[PortCartLine]:
        stmt = select(PortCartLine).where(PortCartLine.cart_id == cart_id).order_by(PortCartLine.position)
        return (await self.session.scalars(stmt)).all()

    async def wireless(self, cart_id: uuid.UUID | None, numbers: list[str]) -> bool:
        """Whether the portability check found any of the numbers wireless (the port needs the PIN)."""
        if cart_id is None or not numbers:
            return False
        stmt = select(func.count()).where(
            PortCartLine.cart_id == cart_id, PortCartLine.number.in_(numbers), PortCartLine.wireless.is_(True)
        )
        return bool(await self.session.scalar(stmt))

    async def held(self, numbers: list[str]) -> set[str]:
        """Those of `numbers` the platform holds already (any customer, any state but released)."""
        stmt = select(PhoneNumber.number).where(PhoneNumber.number.in_(numbers), PhoneNumber.state != "released")
        return set(await self.session.scalars(stmt))

    async def port_numbers(self, order_id: uuid.UUID, *, for_update: bool = False) -> Sequence[PhoneNumber]:
        """The customer's number rows this port brings in, not released."""
        stmt = select(PhoneNumber).where(PhoneNumber.port_order_id == order_id, PhoneNumber.state != "released")
        if for_update:
            stmt = stmt.with_for_update()
        return (await self.session.scalars(stmt.order_by(PhoneNumber.number))).all()
