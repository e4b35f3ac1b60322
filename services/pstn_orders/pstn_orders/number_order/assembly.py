"""The ordering parts of pstn_orders (search, reservations, carts, number orders), built for create_app."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta

from fastapi import APIRouter

from pstn_orders.carrier.adapter import Carrier, CarrierOrderStatus
from pstn_orders.cart.endpoints import router as cart_router
from pstn_orders.cart.service import CartService
from pstn_orders.config import Settings
from pstn_orders.connection.assembly import SetupParts
from pstn_orders.number.assembly import NumberParts
from pstn_orders.number_order.consumers import handlers as order_handlers
from pstn_orders.number_order.endpoints import router as number_order_router
from pstn_orders.number_order.fulfilment import OrderFulfilment
from pstn_orders.number_order.rules import OrderRules
from pstn_orders.number_order.service import NumberOrderService
from pstn_orders.reservation.endpoints import router as reservation_router
from pstn_orders.reservation.service import EXPIRY, ReservationService
from pstn_orders.search.endpoints import router as search_router
from pstn_orders.search.locations import OrderingLocations
from pstn_orders.search.service import NumberSearchService
from servicekit import Clock, CustomerDirectory, EventHandlers, Runtime, TimerHandler


@dataclass
class OrderParts:
    searches: NumberSearchService
    reservations: ReservationService
    carts: CartService
    orders: NumberOrderService
    fulfilment: OrderFulfilment

    @property
    def components(self) -> list[object]:
        return [self.searches, self.reservations, self.carts, self.orders, self.fulfilment]

    @property
    def routers(self) -> list[APIRouter]:
        return [search_router, reservation_router, cart_router, number_order_router]

    @property
    def timer_handlers(self) -> dict[str, TimerHandler]:
        deadlines = {d.kind: d.on_timer for d in self.fulfilment.deadlines.values()}
        return {EXPIRY: self.reservations.on_expiry, **deadlines}

    @property
    def pstn_handlers(self) -> EventHandlers:
        """What it hears on the PSTN topic: the contract signature that releases waiting orders."""
        return order_handlers(self.fulfilment)

    def attach(self, runtime: Runtime) -> None:
        self.fulfilment.attach(runtime)

    async def on_carrier_status(self, status: CarrierOrderStatus) -> None:
        await self.fulfilment.on_carrier_status(status)


def order_parts(
    settings: Settings,
    *,
    clock: Clock,
    carrier: Carrier,
    directory: CustomerDirectory,
    setup: SetupParts,
    numbers: NumberParts,
) -> OrderParts:
    locations = OrderingLocations(connections=setup.connections)
    cap = settings.max_numbers_per_order
    reservations = ReservationService(
        carrier=carrier, directory=directory, clock=clock, minutes=settings.reservation_minutes, max_numbers=cap
    )
    carts = CartService(directory=directory, locations=locations, max_numbers=cap)
    fulfilment = OrderFulfilment(
        carrier=carrier,
        lifecycle=numbers.lifecycle,
        clock=clock,
        standard=timedelta(minutes=settings.standard_fulfilment_minutes),
        advanced=timedelta(days=settings.advanced_fulfilment_days),
        first_wait=timedelta(minutes=settings.order_status_first_wait_minutes),
        tries=settings.order_status_tries,
    )
    rules = OrderRules(
        carrier=carrier,
        countries=setup.countries,
        directory=directory,
        locations=locations,
        carts=carts,
        reservations=reservations,
        max_numbers=cap,
        trial_limit=settings.trial_number_limit,
    )
    return OrderParts(
        searches=NumberSearchService(
            carrier=carrier,
            countries=setup.countries,
            directory=directory,
            locations=locations,
            max_numbers=cap,
            number_policy_url=settings.number_policy_url,
        ),
        reservations=reservations,
        carts=carts,
        orders=NumberOrderService(
            carrier=carrier,
            directory=directory,
            rules=rules,
            carts=carts,
            reservations=reservations,
            contracts=setup.contracts,
            fulfilment=fulfilment,
            number_policy_url=settings.number_policy_url,
        ),
        fulfilment=fulfilment,
    )
