"""The customers service: partners, the customer tree, API clients, and the onboarding saga."""

from __future__ import annotations

from datetime import timedelta

from fastapi import FastAPI

from contracts import topics
from contracts.events.cc import ContactCenterEvent
from contracts.events.customers import CustomerEvent
from contracts.events.pstn import PstnEvent
from customers.access.endpoints import router as access_router
from customers.access.service import AccessService
from customers.account import consumers as account_consumers
from customers.account.endpoints import router as account_router
from customers.account.service import WELCOME_EMAIL_TIMER, AccountService
from customers.billing.endpoints import router as billing_router
from customers.billing.service import CREDIT_INCREASE_TIMER, BillingService
from customers.billing.tariffs import TariffService
from customers.config import Settings
from customers.customer import consumers as customer_consumers
from customers.customer.endpoints import router as customer_router
from customers.customer.onboarding import SCREENING_DEADLINE, OnboardingService, ScreeningDeadline
from customers.customer.packages import EntitlementProvisioner, PackageProvisioner
from customers.customer.service import CustomerService
from customers.customer.subscription import SubscriptionService
from customers.dial_in.service import DialInDirectory
from customers.location.endpoints import router as location_router
from customers.location.service import LocationService
from customers.models import platform
from customers.pstn_programme.endpoints import router as pstn_programme_router
from customers.pstn_programme.service import PstnProgrammeService
from customers.system_settings.endpoints import router as system_settings_router
from customers.system_settings.service import SystemSettingsService
from customers.user.endpoints import router as user_router
from customers.user.service import UserService
from customers.webhook import consumers as webhook_consumers
from customers.webhook.delivery import WebhookSender
from customers.webhook.endpoints import router as webhook_router
from customers.webhook.service import DISABLED_NOTICE_TIMER, WebhookService
from servicekit import (
    Clock,
    KeySet,
    Mailer,
    Runtime,
    ServiceSettings,
    ServiceSpec,
    SmtpMailer,
    Subscription,
    SystemClock,
    TokenIssuer,
    TokenVerifier,
    create_service_app,
    public_key_of,
)


def _private_key(settings: Settings) -> bytes:
    if settings.jwt_private_key_file is None:
        raise RuntimeError("customers: set CUSTOMERS_JWT_PRIVATE_KEY_FILE to the token signing key (Ed25519 PEM)")
    return settings.jwt_private_key_file.read_bytes()


def create_app(
    settings: Settings | None = None,
    *,
    clock: Clock | None = None,
    provisioner: PackageProvisioner | None = None,
    mailer: Mailer | None = None,
) -> FastAPI:
    settings = settings or Settings()
    clock = clock or SystemClock()

    # Its own tokens checked against its own key set, the one it publishes (no HTTP to itself).
    keys = KeySet(
        [public_key_of(_private_key(settings)), *(path.read_bytes() for path in settings.jwt_previous_public_key_files)]
    )

    def verifier(s: ServiceSettings) -> TokenVerifier:
        return TokenVerifier(keys, issuer=s.jwt_issuer, audience=s.jwt_audience)

    issuer = TokenIssuer(
        _private_key(settings),
        issuer=settings.jwt_issuer,
        audience=settings.jwt_audience,
        ttl=timedelta(seconds=settings.token_ttl_seconds),
    )
    access = AccessService(
        issuer=issuer, clock=clock, rotation_grace=timedelta(seconds=settings.api_client_rotation_grace_seconds)
    )
    dial_in = DialInDirectory()
    users = UserService()
    billing = BillingService(clock=clock)
    tariffs = TariffService(billing=billing)
    customers = CustomerService(dial_in=dial_in)
    onboarding = OnboardingService(
        customers=customers,
        billing=billing,
        tariffs=tariffs,
        users=users,
        dial_in=dial_in,
        provisioner=provisioner or EntitlementProvisioner(),
        clock=clock,
        screening_deadline=ScreeningDeadline(
            first_wait=timedelta(seconds=settings.screening_deadline_seconds),
            factor=settings.screening_deadline_factor,
            tries=settings.screening_deadline_tries,
        ),
    )
    system_settings = SystemSettingsService(clock=clock)
    subscriptions = SubscriptionService(customers=customers, users=users)
    locations = LocationService(clock=clock)
    programmes = PstnProgrammeService(clock=clock)
    mailer = mailer or SmtpMailer(
        host=settings.smtp_host,
        port=settings.smtp_port,
        sender=settings.mail_from,
        username=settings.smtp_username,
        password=settings.smtp_password,
        start_tls=settings.smtp_start_tls,
    )
    accounts = AccountService(
        issuer=issuer,
        access=access,
        clock=clock,
        mailer=mailer,
        link_base_url=settings.account_link_base_url,
        invitation_ttl=timedelta(seconds=settings.account_invitation_ttl_seconds),
        password_min_length=settings.account_password_min_length,
    )
    webhooks = WebhookService(clock=clock, require_https=settings.webhook_require_https, mailer=mailer)
    sender = WebhookSender(
        webhooks=webhooks,
        poll_seconds=settings.webhook_poll_seconds,
        timeout_seconds=settings.webhook_timeout_seconds,
        max_in_flight=settings.webhook_max_in_flight,
        max_in_flight_per_endpoint=settings.webhook_max_in_flight_per_endpoint,
    )

    async def on_startup(runtime: Runtime) -> None:
        if settings.bootstrap_client_id and settings.bootstrap_client_secret:
            async with runtime.sessionmaker.begin() as session:
                await access.ensure_bootstrap_client(
                    session, settings.bootstrap_client_id, settings.bootstrap_client_secret
                )

    spec = ServiceSpec(
        name="customers",
        title="Customers",
        description="Register and manage business customers; follow their onboarding from `provisioning` "
        "to `provisioned` (or `pending_rpl_review`, `error`). Errors are RFC 9457 problem+json.",
        tables=platform,
        routers=[
            access_router,
            account_router,
            customer_router,
            user_router,
            location_router,
            pstn_programme_router,
            billing_router,
            system_settings_router,
            webhook_router,
        ],
        publishes=(topics.CUSTOMERS,),
        consumes={topics.SCREENING: customer_consumers.handlers(onboarding)},
        subscriptions=[
            # Administrators to invite, roles changed in connect and active tenants, from the contact center
            # (R-CC-02, R-CC-03, R-CC-13, R-CC-14); the inbox applies each event once.
            Subscription(topics.CONTACT_CENTER, "customers.accounts", account_consumers.handlers(accounts)),
            # Deliveries, in a group of their own per topic: customers', pstn_orders' and cc_setup's events. A
            # delivery is unique per endpoint and event, so the fan-out needs no inbox.
            *(
                Subscription(topic, group, webhook_consumers.handlers(webhooks, family), inbox=False)
                for topic, group, family in (
                    (topics.CUSTOMERS, "customers.webhooks", CustomerEvent),
                    (topics.PSTN, "customers.webhooks.pstn", PstnEvent),
                    (topics.CONTACT_CENTER, "customers.webhooks.cc", ContactCenterEvent),
                )
            ),
        ],
        components=[
            access,
            accounts,
            keys,
            users,
            billing,
            tariffs,
            customers,
            onboarding,
            subscriptions,
            locations,
            programmes,
            system_settings,
            webhooks,
        ],
        on_startup=on_startup,
        credentials=access,  # revoked clients and closed organisations, from its own tables
        background=[sender.run],
        timer_handlers={
            CREDIT_INCREASE_TIMER: billing.on_increase_expired,
            DISABLED_NOTICE_TIMER: webhooks.on_disabled_notice,
            WELCOME_EMAIL_TIMER: accounts.on_welcome_timer,
            SCREENING_DEADLINE: onboarding.screening.on_timer,
        },
        openapi_tags=[
            {"name": "customers", "description": "Customer registration and onboarding state"},
            {"name": "access", "description": "OAuth2 client credentials and API clients"},
            {"name": "accounts", "description": "Customer administrators' platform accounts and sign-in (R-CC-02)"},
            {"name": "users", "description": "Users and the packages they hold"},
            {"name": "locations", "description": "A customer's sites: civic address and time zone"},
            {"name": "pstn programme", "description": "Partners enrolled for the provider calling plan (R-PSTN-02)"},
            {"name": "billing", "description": "Tariffs, balances, the ledger and exchange rates"},
            {"name": "system settings", "description": "Root-only settings and their delegation (R-HIER-04)"},
            {"name": "webhooks", "description": "Lifecycle events POSTed to your endpoints, signed"},
        ],
    )
    return create_service_app(spec, settings, clock=clock, verifier=verifier)
