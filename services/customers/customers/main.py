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
from customers.customer.consumers import HANDLERS as SCREENING_HANDLERS
from customers.customer.endpoints import router as customer_router
from customers.models import platform
from customers.settings.endpoints import router as settings_router
from customers.user.endpoints import router as user_router
from customers.webhook import delivery as webhook_delivery
from customers.webhook import fanout as webhook_fanout
from customers.webhook.endpoints import router as webhook_router
from servicekit.app import Runtime, ServiceSpec, create_service_app
from servicekit.auth import TokenIssuer, TokenVerifier, public_key_of
from servicekit.clock import Clock
from servicekit.inbox import Consumer
from servicekit.settings import ServiceSettings


def _private_key(settings: Settings) -> bytes:
    if settings.jwt_private_key_file is None:
        raise RuntimeError("customers: set CUSTOMERS_JWT_PRIVATE_KEY_FILE to the token signing key (Ed25519 PEM)")
    return settings.jwt_private_key_file.read_bytes()


def create_app(settings: Settings | None = None, *, clock: Clock | None = None) -> FastAPI:
    settings = settings or Settings()

    def verifier(s: ServiceSettings) -> TokenVerifier:
        return TokenVerifier(public_key_of(_private_key(settings)), issuer=s.jwt_issuer, audience=s.jwt_audience)

    async def on_startup(runtime: Runtime) -> None:
        runtime.state["issuer"] = TokenIssuer(
            _private_key(settings),
            issuer=settings.jwt_issuer,
            audience=settings.jwt_audience,
            ttl=timedelta(seconds=settings.token_ttl_seconds),
        )
        Consumer(
            service="customers",
            group="customers.webhooks",
            inbox=False,  # a delivery is unique per endpoint and event
            sessionmaker=runtime.sessionmaker,
            tables=platform,
            handlers=webhook_fanout.handlers(runtime.clock),
            settings=settings,
        ).subscribe(runtime.broker, topics.CUSTOMERS)
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
        consumes={topics.SCREENING: SCREENING_HANDLERS},
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
