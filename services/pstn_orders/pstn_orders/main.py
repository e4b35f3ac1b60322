"""The pstn_orders service: PSTN connections, emergency addresses, number orders and ports for provisioned customers."""

from __future__ import annotations

from fastapi import FastAPI

from pstn_orders.config import Settings
from pstn_orders.models import known_customers, platform
from servicekit import Clock, CustomerDirectory, ServiceSpec, create_service_app


def create_app(settings: Settings | None = None, *, clock: Clock | None = None) -> FastAPI:
    spec = ServiceSpec(
        name="pstn_orders",
        title="PSTN orders",
        description="PSTN connections, emergency addresses, number orders and ports for provisioned customers.",
        tables=platform,
        directory=CustomerDirectory(known_customers),
    )
    return create_service_app(spec, settings or Settings(), clock=clock)
