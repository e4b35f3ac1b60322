"""The cc_setup service: Contact-center setup wizard and tenant provisioning for provisioned customers."""

from __future__ import annotations

from datetime import timedelta

from fastapi import FastAPI

from cc_setup.administrator.consumers import handlers as administrator_handlers
from cc_setup.administrator.endpoints import WebhookVerifier
from cc_setup.administrator.endpoints import inbound as connect_events_router
from cc_setup.administrator.endpoints import router as administrator_router
from cc_setup.administrator.invitation import INVITE_TIMER, LAPSE_TIMER, InvitationService
from cc_setup.administrator.service import AdministratorService
from cc_setup.administrator.sync import PUSH_TIMER, RoleSync
from cc_setup.config import Settings
from cc_setup.connect import ConnectService, SandboxConnect
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
from servicekit import (
    Clock,
    CustomerDirectory,
    Mailer,
    Runtime,
    ServiceSpec,
    SmtpMailer,
    SystemClock,
    create_service_app,
)


def smtp_mailer(settings: Settings) -> SmtpMailer:
    return SmtpMailer(
        host=settings.smtp_host,
        port=settings.smtp_port,
        sender=settings.mail_from,
        username=settings.smtp_username,
        password=settings.smtp_password,
        start_tls=settings.smtp_start_tls,
    )


def create_app(
    settings: Settings | None = None,
    *,
    clock: Clock | None = None,
    provisioner: TenantProvisioner | None = None,
    connect: ConnectService | None = None,
    mailer: Mailer | None = None,
) -> FastAPI:
    settings = settings or Settings()
    clock = clock or SystemClock()
    provisioner = provisioner or SandboxProvisioner()
    sandbox = None
    if connect is None:
        connect = sandbox = SandboxConnect(
            clock=clock, webhook_secret=settings.connect_webhook_secret, webhook_url=settings.connect_webhook_url
        )
    directory = CustomerDirectory(known_customers)
    invitations = InvitationService(
        connect=connect,
        mailer=mailer or smtp_mailer(settings),
        clock=clock,
        lapse_business_days=settings.connect_invitation_business_days,
        retry_wait=timedelta(seconds=settings.connect_retry_seconds),
        tries=settings.connect_tries,
    )
    administrators = AdministratorService(directory=directory, connect=connect, invitations=invitations)
    sync = RoleSync(invitations=invitations, connect=connect)
    localities = DataLocalityService()
    setups = SetupService(directory=directory, localities=localities, clock=clock, sip_domain=settings.sip_domain)
    runner = JobRunner(
        provisioner=provisioner,
        clock=clock,
        step_time=timedelta(seconds=settings.provisioning_step_seconds),
        retry_wait=timedelta(seconds=settings.provisioning_retry_seconds),
        tries=settings.provisioning_step_tries,
        channels=administrators,
    )

    async def start_connect(runtime: Runtime) -> None:
        if sandbox is not None:
            await sandbox.start(runtime)

    spec = ServiceSpec(
        name="cc_setup",
        title="Contact-center setup",
        description="Contact-center setup wizard and tenant provisioning for provisioned customers.",
        tables=platform,
        directory=directory,
        publishes=(topics.CONTACT_CENTER,),  # every cc_setup event (the AsyncAPI document lists them)
        routers=[
            order_router,
            setup_router,
            provisioning_router,
            tenant_router,
            locality_router,
            administrator_router,
            connect_events_router,
        ],
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
            administrators,
            invitations,
            sync,
            connect,
            WebhookVerifier(settings.connect_webhook_secret),
        ],
        timer_handlers={
            STEP_TIMER: runner.on_timer,
            INVITE_TIMER: invitations.on_invite_timer,
            LAPSE_TIMER: invitations.on_lapse_timer,
            PUSH_TIMER: sync.on_push_timer,
        },
        # cc_setup already follows the customers topic for its directory; the administrator accounts ride along.
        consumes={topics.CUSTOMERS: administrator_handlers(administrators, sync)},
        on_startup=start_connect,
    )
    app = create_service_app(spec, settings, clock=clock)
    if sandbox is not None:
        sandbox.attach(app)  # its webhooks reach this app's inbound endpoint when no URL is set
    return app
