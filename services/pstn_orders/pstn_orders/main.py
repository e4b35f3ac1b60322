"""The pstn_orders service: PSTN connections, emergency addresses, number orders and ports for provisioned customers."""

from __future__ import annotations

from fastapi import FastAPI

from contracts import topics
from pstn_orders.config import Settings
from pstn_orders.models import known_customers, platform
from servicekit import customer_directory
from servicekit.app import ServiceSpec, create_service_app
from servicekit.clock import Clock


def create_app(settings: Settings | None = None, *, clock: Clock | None = None) -> FastAPI:
    spec = ServiceSpec(
        name="pstn_orders",
        title="PSTN orders",
        description="PSTN connections, emergency addresses, number orders and ports for provisioned customers.",
        tables=platform,
        routers=[customer_directory.router(known_customers)],
        consumes={topics.CUSTOMERS: customer_directory.handlers(known_customers)},
        openapi_tags=[{"name": "customers", "description": "Customers provisioned for this service"}],
    )
    return create_service_app(spec, settings or Settings(), clock=clock)
