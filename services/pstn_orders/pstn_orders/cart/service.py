"""Carts: the numbers a customer is choosing, editable until it places the order (R-PSTN-36)."""

from __future__ import annotations

import uuid
from collections.abc import Sequence

from sqlalchemy.ext.asyncio import AsyncSession

from contracts.events.pstn import NumberCartChanged
from pstn_orders.cart.errors import CartClosed, CartNotFound
from pstn_orders.cart.models import NumberCart
from pstn_orders.cart.repository import CartRepository
from pstn_orders.cart.schemas import CartCreate, CartUpdate
from pstn_orders.search.choice import checked_numbers
from pstn_orders.search.locations import OrderingLocations
from pstn_orders.search.repository import tenant_path_of
from servicekit import CustomerDirectory, PageRequest, Principal, check_version, emit


class CartService:
    def __init__(self, *, directory: CustomerDirectory, locations: OrderingLocations, max_numbers: int) -> None:
        self.directory = directory
        self.locations = locations
        self.max_numbers = max_numbers

    async def create(
        self, session: AsyncSession, customer_id: uuid.UUID, data: CartCreate, *, principal: Principal
    ) -> NumberCart:
        await self.directory.require_active(session, customer_id, principal=principal)
        numbers = checked_numbers(data.numbers, "numbers", cap=self.max_numbers)  # each checked as any chosen number
        if data.location_id is not None:
            await self.locations.of_customer(session, customer_id, data.location_id, principal=principal)
        cart = await CartRepository.for_caller(session, principal).add(
            NumberCart(
                customer_id=customer_id,
                tenant_path=await tenant_path_of(session, customer_id),
                location_id=data.location_id,
                numbers=[n.number for n in numbers],
            )
        )
        await self._changed(session, cart)
        return cart

    async def get(
        self, session: AsyncSession, customer_id: uuid.UUID, cart_id: uuid.UUID, *, principal: Principal
    ) -> NumberCart:
        return await self._get(session, customer_id, cart_id, principal)

    async def list(
        self, session: AsyncSession, customer_id: uuid.UUID, page: PageRequest, *, principal: Principal
    ) -> Sequence[NumberCart]:
        await self.directory.get(session, customer_id, principal=principal)
        return await CartRepository.for_caller(session, principal).list(customer_id, page)

    async def update(
        self,
        session: AsyncSession,
        customer_id: uuid.UUID,
        cart_id: uuid.UUID,
        data: CartUpdate,
        *,
        principal: Principal,
        if_match: str | None,
    ) -> NumberCart:
        cart = await self._open_cart(session, customer_id, cart_id, principal, if_match)
        numbers = checked_numbers(data.numbers, "numbers", cap=self.max_numbers)  # each checked as any chosen number
        if data.location_id is not None:
            await self.locations.of_customer(session, customer_id, data.location_id, principal=principal)
        cart.numbers = [n.number for n in numbers]
        cart.location_id = data.location_id or cart.location_id
        await session.flush()
        await self._changed(session, cart)
        return cart

    async def delete(
        self,
        session: AsyncSession,
        customer_id: uuid.UUID,
        cart_id: uuid.UUID,
        *,
        principal: Principal,
        if_match: str | None,
    ) -> None:
        cart = await self._open_cart(session, customer_id, cart_id, principal, if_match)
        await self._changed(session, cart, state="deleted")
        await CartRepository.for_caller(session, principal).delete(cart)

    async def open_for_order(
        self, session: AsyncSession, customer_id: uuid.UUID, cart_id: uuid.UUID, *, principal: Principal
    ) -> NumberCart:
        """The cart an order takes its numbers from; a cart already ordered cannot be ordered again."""
        return await self._open_cart(session, customer_id, cart_id, principal, None)

    async def ordered(self, session: AsyncSession, cart: NumberCart, order_id: uuid.UUID) -> None:
        """The order was placed: the cart is closed (R-PSTN-36)."""
        cart.state, cart.order_id = "ordered", order_id
        await session.flush()
        await self._changed(session, cart)

    async def _open_cart(
        self,
        session: AsyncSession,
        customer_id: uuid.UUID,
        cart_id: uuid.UUID,
        principal: Principal,
        if_match: str | None,
    ) -> NumberCart:
        await self.directory.require_active(session, customer_id, principal=principal)
        cart = await self._get(session, customer_id, cart_id, principal, lock=True)
        check_version(if_match, cart.version, "cart")
        if cart.state != "open":
            raise CartClosed(cart.id, cart.order_id)  # R-PSTN-36
        return cart

    async def _get(
        self,
        session: AsyncSession,
        customer_id: uuid.UUID,
        cart_id: uuid.UUID,
        principal: Principal,
        *,
        lock: bool = False,
    ) -> NumberCart:
        cart = await CartRepository.for_caller(session, principal).get(customer_id, cart_id, for_update=lock)
        if cart is None:
            raise CartNotFound(customer_id, cart_id)
        return cart

    async def _changed(self, session: AsyncSession, cart: NumberCart, *, state: str | None = None) -> None:
        await emit(
            session,
            NumberCartChanged(
                customer_id=cart.customer_id,
                tenant_path=cart.tenant_path,
                cart_id=cart.id,
                numbers=cart.numbers,
                state=state or cart.state,  # type: ignore[arg-type]
                order_id=cart.order_id,
            ),
        )
