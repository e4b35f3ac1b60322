"""The cc_setup service: Contact-center setup wizard and tenant provisioning for provisioned customers."""

from __future__ import annotations

from fastapi import FastAPI

from cc_setup.config import Settings
from cc_setup.models import known_customers, platform
from servicekit import Clock, CustomerDirectory, ServiceSpec, create_service_app


def create_app(settings: Settings | None = None, *, clock: Clock | None = None) -> FastAPI:
    spec = ServiceSpec(
        name="cc_setup",
        title="Contact-center setup",
        description="Contact-center setup wizard and tenant provisioning for provisioned customers.",
        tables=platform,
        directory=CustomerDirectory(known_customers),
    )
    return create_service_app(spec, settings or Settings(), clock=clock)
