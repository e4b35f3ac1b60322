"""The customers service: partners, the customer tree, API clients, and the onboarding saga."""

from __future__ import annotations

from datetime import timedelta

from fastapi import FastAPI

from contracts import topics
from customers.access.endpoints import router as access_router
from customers.access.service import access_service
from customers.billing import service as billing
from customers.billing.endpoints import router as billing_router
from customers.config import Settings
from customers.customer.consumers import screening_handlers
from customers.customer.endpoints import router as customer_router
from customers.customer.service import customer_service
from customers.models import platform
from customers.settings.endpoints import router as settings_router
from customers.user.endpoints import router as user_router
from customers.webhook import delivery as webhook_delivery
from customers.webhook import fanout as webhook_fanout
from customers.webhook.endpoints import router as webhook_router
from servicekit import (
    Clock,
    Runtime,
    ServiceSettings,
    ServiceSpec,
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


def create_app(settings: Settings | None = None, *, clock: Clock | None = None) -> FastAPI:
    settings = settings or Settings()
    clock = clock or SystemClock()

    def verifier(s: ServiceSettings) -> TokenVerifier:
        return TokenVerifier(public_key_of(_private_key(settings)), issuer=s.jwt_issuer, audience=s.jwt_audience)

    issuer = TokenIssuer(
        _private_key(settings),
        issuer=settings.jwt_issuer,
        audience=settings.jwt_audience,
        ttl=timedelta(seconds=settings.token_ttl_seconds),
    )

    async def on_startup(runtime: Runtime) -> None:
        if settings.bootstrap_client_id and settings.bootstrap_client_secret:
            async with runtime.sessionmaker.begin() as session:
                await access_service.ensure_bootstrap_client(
                    session, settings.bootstrap_client_id, settings.bootstrap_client_secret
                )

    spec = ServiceSpec(
        name="customers",
        title="Customers",
        description="Register and manage business customers; follow their onboarding from `provisioning` "
        "to `provisioned` (or `pending_rpl_review`, `error`). Errors are RFC 9457 problem+json.",
        tables=platform,
        routers=[access_router, customer_router, user_router, billing_router, settings_router, webhook_router],
        publishes=(topics.CUSTOMERS,),
        consumes={topics.SCREENING: screening_handlers(customer_service)},
        subscriptions=[
            # A delivery is unique per endpoint and event, so the fan-out needs no inbox.
            Subscription(topics.CUSTOMERS, "customers.webhooks", webhook_fanout.handlers(clock), inbox=False)
        ],
        components=[issuer],
        on_startup=on_startup,
        background=[webhook_delivery.run],
        timer_handlers={billing.CREDIT_INCREASE_TIMER: billing.on_increase_expired},
        openapi_tags=[
            {"name": "customers", "description": "Customer registration and onboarding state"},
            {"name": "access", "description": "OAuth2 client credentials and API clients"},
            {"name": "users", "description": "Users and the packages they hold"},
            {"name": "billing", "description": "Tariffs, balances, the ledger and exchange rates"},
            {"name": "system settings", "description": "Root-only settings and their delegation (R-HIER-04)"},
            {"name": "webhooks", "description": "Lifecycle events POSTed to your endpoints, signed"},
        ],
    )
    return create_service_app(spec, settings, clock=clock, verifier=verifier)
