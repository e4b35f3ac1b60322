"""The cc_setup service: Contact-center setup wizard and tenant provisioning for provisioned customers."""

from __future__ import annotations

from fastapi import FastAPI

from cc_setup.config import Settings
from cc_setup.models import known_customers, platform
from contracts import topics
from servicekit import customer_directory
from servicekit.app import ServiceSpec, create_service_app
from servicekit.clock import Clock


def create_app(settings: Settings | None = None, *, clock: Clock | None = None) -> FastAPI:
    spec = ServiceSpec(
        name="cc_setup",
        title="Contact-center setup",
        description="Contact-center setup wizard and tenant provisioning for provisioned customers.",
        tables=platform,
        routers=[customer_directory.router(known_customers)],
        consumes={topics.CUSTOMERS: customer_directory.handlers(known_customers)},
        openapi_tags=[{"name": "customers", "description": "Customers provisioned for this service"}],
    )
    return create_service_app(spec, settings or Settings(), clock=clock)
