"""The pstn_orders service: PSTN connections, emergency addresses, number orders and ports for provisioned customers."""

from __future__ import annotations

from fastapi import FastAPI

from contracts import topics
from pstn_orders.config import Settings
from pstn_orders.models import known_customers, platform
from servicekit import Clock, CustomerDirectory, ServiceSpec, create_service_app


def create_app(settings: Settings | None = None, *, clock: Clock | None = None) -> FastAPI:
    directory = CustomerDirectory(known_customers)
    spec = ServiceSpec(
        name="pstn_orders",
        title="PSTN orders",
        description="PSTN connections, emergency addresses, number orders and ports for provisioned customers.",
        tables=platform,
        routers=[directory.router()],
        consumes={topics.CUSTOMERS: directory.handlers()},
        components=[directory],
        openapi_tags=[{"name": "customers", "description": "Customers provisioned for this service"}],
    )
    return create_service_app(spec, settings or Settings(), clock=clock)
