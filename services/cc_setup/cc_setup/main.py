"""The cc_setup service: Contact-center setup wizard and tenant provisioning for provisioned customers."""

from __future__ import annotations

from datetime import timedelta

from fastapi import FastAPI

from cc_setup.config import Settings
from cc_setup.locality.endpoints import router as locality_router
from cc_setup.locality.service import DataLocalityService
from cc_setup.models import known_customers, platform
from cc_setup.order.endpoints import router as order_router
from cc_setup.order.service import OrderService
from cc_setup.provisioner import SandboxProvisioner, TenantProvisioner
from cc_setup.provisioning.endpoints import router as provisioning_router
from cc_setup.provisioning.runner import STEP_TIMER, JobRunner
from cc_setup.provisioning.service import ProvisioningService
from cc_setup.setup.endpoints import router as setup_router
from cc_setup.setup.order_summary import OrderSummary
from cc_setup.setup.service import SetupService
from cc_setup.tenant.endpoints import router as tenant_router
from cc_setup.tenant.service import ContactCenterService
from contracts import topics
from servicekit import Clock, CustomerDirectory, ServiceSpec, SystemClock, create_service_app


def create_app(
    settings: Settings | None = None,
    *,
    clock: Clock | None = None,
    provisioner: TenantProvisioner | None = None,
) -> FastAPI:
    settings = settings or Settings()
    clock = clock or SystemClock()
    provisioner = provisioner or SandboxProvisioner()
    directory = CustomerDirectory(known_customers)
    localities = DataLocalityService()
    setups = SetupService(directory=directory, localities=localities, clock=clock, sip_domain=settings.sip_domain)
    runner = JobRunner(
        provisioner=provisioner,
        clock=clock,
        step_time=timedelta(seconds=settings.provisioning_step_seconds),
        retry_wait=timedelta(seconds=settings.provisioning_retry_seconds),
        tries=settings.provisioning_step_tries,
    )
    spec = ServiceSpec(
        name="cc_setup",
        title="Contact-center setup",
        description="Contact-center setup wizard and tenant provisioning for provisioned customers.",
        tables=platform,
        directory=directory,
        publishes=(topics.CONTACT_CENTER,),  # every cc_setup event (the AsyncAPI document lists them)
        routers=[order_router, setup_router, provisioning_router, tenant_router, locality_router],
        components=[
            localities,
            setups,
            OrderService(directory=directory, setups=setups),
            ProvisioningService(
                directory=directory,
                setups=setups,
                runner=runner,
                clock=clock,
                max_wait_seconds=settings.provisioning_max_wait_seconds,
                wait_poll_seconds=settings.provisioning_wait_poll_seconds,
            ),
            OrderSummary(setups=setups),
            ContactCenterService(directory=directory, setups=setups, provisioner=provisioner, clock=clock),
            runner,
            provisioner,
        ],
        timer_handlers={STEP_TIMER: runner.on_timer},
    )
    return create_service_app(spec, settings, clock=clock)
