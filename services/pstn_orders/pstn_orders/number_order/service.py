"""Placing new-number orders: the rules (number_order/rules.py), the carrier order, the contract.

An order is placed at the carrier at once and waits there, unprocessed, until the customer has signed the carrier
contract (R-PSTN-12, R-PSTN-34); the first order of a customer sends the contract. In an assisted country the
order is a support request for PSTN technical support (R-PSTN-14).
"""

from __future__ import annotations

import uuid
from collections.abc import Sequence

from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncSession

from contracts.events.pstn import NumberOrderActionRequired, NumberOrderPlaced, NumberSupportRequested
from pstn_orders.carrier import adapter
from pstn_orders.carrier.adapter import Carrier, CarrierOrderRequest, CarrierUnavailable
from pstn_orders.cart.service import CartService
from pstn_orders.contract.service import ContractService
from pstn_orders.number.models import PhoneNumber
from pstn_orders.number_order.errors import AlertsToConfirm, NumberOrderNotFound
from pstn_orders.number_order.fulfilment import OrderFulfilment
from pstn_orders.number_order.models import NumberOrder, NumberOrderItem
from pstn_orders.number_order.repository import NumberOrderRepository
from pstn_orders.number_order.rules import Draft, OrderRules
from pstn_orders.number_order.schemas import NumberOrderCreate
from pstn_orders.reservation.errors import NumbersNotAvailable
from pstn_orders.reservation.service import ReservationService
from pstn_orders.search.repository import tenant_path_of
from pstn_orders.search.service import carrier_unavailable
from pstn_orders.support import desk_for
from servicekit import CustomerDirectory, PageRequest, Principal, emit


class NumberOrderService:
    def __init__(
        self,
        *,
        carrier: Carrier,
        directory: CustomerDirectory,
        rules: OrderRules,
        carts: CartService,
        reservations: ReservationService,
        contracts: ContractService,
        fulfilment: OrderFulfilment,
        number_policy_url: str,
    ) -> None:
        self.carrier = carrier
        self.directory = directory
        self.rules = rules
        self.carts = carts
        self.reservations = reservations
        self.contracts = contracts
        self.fulfilment = fulfilment
        self.number_policy_url = number_policy_url  # R-PSTN-27: ordering answers link to it

    async def precheck(
        self, session: AsyncSession, customer_id: uuid.UUID, data: NumberOrderCreate, *, principal: Principal
    ) -> Draft:
        """Every rule the order would break and every alert it would raise; nothing is stored or reserved."""
        return await self.rules.draft(session, customer_id, data, principal=principal)

    async def place(
        self, session: AsyncSession, customer_id: uuid.UUID, data: NumberOrderCreate, *, principal: Principal
    ) -> NumberOrder:
        await NumberOrderRepository.unscoped(session).lock_customer(customer_id)
        draft = await self.rules.draft(session, customer_id, data, principal=principal)
        if draft.problems:
            raise draft.problems[0]
        if unconfirmed := draft.unconfirmed(data.confirm_alerts):
            raise AlertsToConfirm([a.model_dump() for a in unconfirmed])  # R-PSTN-34
        assert draft.location is not None
        assert draft.plan is not None
        orders = NumberOrderRepository.for_caller(session, principal)
        order_id = uuid.uuid4()
        order = NumberOrder(
            id=order_id,
            customer_id=customer_id,
            tenant_path=await tenant_path_of(session, customer_id),
            order_number=f"PSTN-{order_id.hex[:10].upper()}",
            location_id=draft.location.id,
            country=draft.location.country.upper(),
            kind="numbers" if data.support_request is None else "support_request",
            quantity=draft.quantity,
            block=draft.block,
            block_id=uuid.uuid4() if draft.block else None,
            advanced=data.advanced,
            reservation_id=data.reservation_id,
            cart_id=data.cart_id,
            confirmed_alerts=sorted({a.code for a in draft.alerts}),
            placed_by=principal.client_id,
            items=[NumberOrderItem(number=n.number, state=n.state, locality=n.locality) for n in draft.numbers],
        )
        if data.support_request is not None:
            return await self._support_request(session, orders, order, data)
        await orders.add(order)
        rows = [
            PhoneNumber(
                customer_id=customer_id,
                tenant_path=order.tenant_path,
                location_id=order.location_id,
                number=item.number,
                order_id=order.id,
                block_id=order.block_id,
            )
            for item in draft.numbers
        ]
        try:
            async with session.begin_nested():  # a racing order took one of the numbers since the draft
                session.add_all(rows)
                await session.flush()
        except IntegrityError as exc:
            raise NumbersNotAvailable(await orders.held([n.number for n in draft.numbers])) from exc
        if draft.cart is not None:
            await self.carts.ordered(session, draft.cart, order.id)  # R-PSTN-36: the cart closes with its order
        if draft.reservation is not None:
            await self.reservations.ordered(session, draft.reservation, order.id)
        await self.contracts.ensure_sent(session, customer_id)  # R-PSTN-34: the first order sends the contract
        await session.flush()
        try:
            placed = await self.carrier.place_order(
                CarrierOrderRequest(
                    order_ref=str(order.id),
                    account=draft.plan.account,
                    numbers=[n.number for n in draft.numbers],
                    reservation_id=draft.reservation.carrier_reservation_id if draft.reservation else None,
                    block=order.block,
                    advanced=order.advanced,
                    emergency_addresses={
                        n.number: draft.plan.carrier_address_id for n in draft.numbers if draft.plan.carrier_address_id
                    },
                )
            )
        except adapter.NumbersUnavailable as exc:
            raise NumbersNotAvailable(exc.numbers) from exc
        except CarrierUnavailable as exc:
            raise carrier_unavailable() from exc
        order.carrier_order_id = placed.carrier_order_id
        await session.flush()
        signed = await self.contracts.is_signed(session, customer_id)
        await emit(session, _placed(order, awaiting_signature=not signed))
        if signed:
            await self.fulfilment.activate(session, order)  # R-PSTN-12: processed only once the contract is signed
        return order

    async def _support_request(
        self, session: AsyncSession, orders: NumberOrderRepository, order: NumberOrder, data: NumberOrderCreate
    ) -> NumberOrder:
        """R-PSTN-14: PSTN technical support takes the request; its PSTN order number shows on the orders list."""
        request = data.support_request
        assert request is not None
        order.number_type, order.details = request.number_type, request.details
        order.state = "action_required"  # R-PSTN-20: the assisted flow waits on PSTN technical support
        await orders.add(order)
        await emit(session, _placed(order, awaiting_signature=False))
        await emit(
            session,
            NumberSupportRequested(
                customer_id=order.customer_id,
                tenant_path=order.tenant_path,
                order_id=order.id,
                order_number=order.order_number,
                location_id=order.location_id,
                country=order.country,
                quantity=order.quantity,
                number_type=request.number_type,
                details=request.details,
            ),
        )
        desk = desk_for("action_required")
        await emit(
            session,
            NumberOrderActionRequired(
                customer_id=order.customer_id,
                tenant_path=order.tenant_path,
                order_id=order.id,
                order_number=order.order_number,
                reason="new numbers in an assisted country are provided by PSTN technical support",
                desk=desk.desk if desk else "pstn_technical_support",
            ),
        )
        return order

    async def get(
        self, session: AsyncSession, customer_id: uuid.UUID, order_id: uuid.UUID, *, principal: Principal
    ) -> NumberOrder:
        order = await NumberOrderRepository.for_caller(session, principal).get(customer_id, order_id)
        if order is None:
            raise NumberOrderNotFound(customer_id, order_id)
        return order

    async def list(
        self,
        session: AsyncSession,
        customer_id: uuid.UUID,
        page: PageRequest,
        *,
        principal: Principal,
        state: str | None = None,
    ) -> Sequence[NumberOrder]:
        await self.directory.get(session, customer_id, principal=principal)
        return await NumberOrderRepository.for_caller(session, principal).list(customer_id, page, state=state)


def _placed(order: NumberOrder, *, awaiting_signature: bool) -> NumberOrderPlaced:
    return NumberOrderPlaced(
        customer_id=order.customer_id,
        tenant_path=order.tenant_path,
        order_id=order.id,
        order_number=order.order_number,
        location_id=order.location_id,
        kind=order.kind,  # type: ignore[arg-type]
        numbers=[i.number for i in order.items],
        quantity=order.quantity,
        block=order.block,
        advanced=order.advanced,
        awaiting_signature=awaiting_signature,
    )
