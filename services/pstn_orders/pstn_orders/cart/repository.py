"""All SQL on carts."""

from __future__ import annotations

import uuid
from collections.abc import Sequence

from sqlalchemy import select

from pstn_orders.cart.models import NumberCart
from servicekit import PageRequest, TenantRepository, paginate


class CartRepository(TenantRepository):
    async def add(self, cart: NumberCart) -> NumberCart:
        self.session.add(cart)
        await self.session.flush()
        return cart

    async def get(self, customer_id: uuid.UUID, cart_id: uuid.UUID, *, for_update: bool = False) -> NumberCart | None:
        stmt = select(NumberCart).where(
            self.in_tenant(NumberCart.tenant_path), NumberCart.customer_id == customer_id, NumberCart.id == cart_id
        )
        if for_update:
            stmt = stmt.with_for_update()
        return await self.session.scalar(stmt)

    async def list(self, customer_id: uuid.UUID, page: PageRequest) -> Sequence[NumberCart]:
        stmt = select(NumberCart).where(self.in_tenant(NumberCart.tenant_path), NumberCart.customer_id == customer_id)
        return (await self.session.scalars(paginate(stmt, NumberCart.created_at, NumberCart.id, page))).all()

    async def delete(self, cart: NumberCart) -> None:
        await self.session.delete(cart)
        await self.session.flush()
