"""The pstn_orders service: PSTN connections, emergency addresses, number orders and ports for provisioned customers."""

from __future__ import annotations

from datetime import timedelta

from fastapi import FastAPI

from contracts import topics
from pstn_orders.carrier import Carrier
from pstn_orders.config import Settings
from pstn_orders.connection.assembly import setup_parts
from pstn_orders.document.assembly import document_parts
from pstn_orders.location.consumers import handlers as location_handlers
from pstn_orders.location.endpoints import router as location_router
from pstn_orders.models import known_customers, platform
from pstn_orders.number.assembly import number_parts
from pstn_orders.number_order.assembly import order_parts
from pstn_orders.port_cart.assembly import port_cart_parts
from pstn_orders.port_order.assembly import port_order_parts
from pstn_orders.sandbox_carrier import SandboxCarrier
from servicekit import Clock, CustomerDirectory, Mailer, Runtime, ServiceSpec, SystemClock, create_service_app


def sandbox_carrier(settings: Settings, clock: Clock) -> SandboxCarrier:
    """The sandbox carrier as configured; its fulfilment is played by the worker process only."""
    return SandboxCarrier(
        settings.sandbox_database(),
        clock=clock,
        inventory_size=settings.sandbox_inventory_size,
        standard_fulfilment=timedelta(seconds=settings.sandbox_standard_fulfilment_seconds),
        advanced_fulfilment=timedelta(seconds=settings.sandbox_advanced_fulfilment_seconds),
        poll_seconds=settings.sandbox_poll_seconds,
        retry_first=timedelta(seconds=settings.sandbox_callback_retry_seconds),
        retry_max=timedelta(seconds=settings.sandbox_callback_retry_max_seconds),
        deliver=settings.workers,
    )


def create_app(
    settings: Settings | None = None,
    *,
    clock: Clock | None = None,
    carrier: Carrier | None = None,
    mailer: Mailer | None = None,
) -> FastAPI:
    settings = settings or Settings()
    clock = clock or SystemClock()
    carrier = carrier or sandbox_carrier(settings, clock)
    directory = CustomerDirectory(known_customers)
    setup = setup_parts(settings, clock=clock, carrier=carrier, directory=directory, mailer=mailer)
    numbers = number_parts(
        clock=clock, carrier=carrier, directory=directory, emergency_addresses=setup.emergency_addresses
    )
    orders = order_parts(settings, clock=clock, carrier=carrier, directory=directory, setup=setup, numbers=numbers)
    documents = document_parts(settings, clock=clock, directory=directory)
    port_carts = port_cart_parts(settings, clock=clock, carrier=carrier, directory=directory)
    ports = port_order_parts(
        settings, clock=clock, carrier=carrier, directory=directory, setup=setup, numbers=numbers, documents=documents
    )

    async def start_carrier(runtime: Runtime) -> None:
        orders.attach(runtime)
        ports.attach(runtime)
        # The carrier's status callbacks move orders, ports and their numbers.
        await carrier.start(orders.on_carrier_status, on_port_status=ports.on_port_status)

    async def close_carrier(runtime: Runtime) -> None:
        await carrier.close()

    spec = ServiceSpec(
        name="pstn_orders",
        title="PSTN orders",
        description="PSTN connections, emergency addresses, number orders and ports for provisioned customers.",
        tables=platform,
        directory=directory,
        publishes=(topics.PSTN,),  # every pstn_orders event (the AsyncAPI document lists them)
        routers=[
            *setup.routers,
            *numbers.routers,
            *orders.routers,
            *documents.routers,
            *port_carts.routers,
            *ports.routers,
            location_router,
        ],
        components=[
            *setup.components,
            *numbers.components,
            *orders.components,
            *documents.components,
            *port_carts.components,
            *ports.components,
        ],
        upload_paths=documents.upload_paths,
        timer_handlers={**setup.timer_handlers, **orders.timer_handlers, **ports.timer_handlers},
        consumes={
            topics.CUSTOMERS: location_handlers().merged(numbers.customer_handlers),
            topics.PSTN: orders.pstn_handlers,
        },
        on_startup=start_carrier,
        on_shutdown=close_carrier,
    )
    return create_service_app(spec, settings, clock=clock)
