"""Builds a service: its FastAPI app and, in the lifespan, its engine, broker, relay, consumers and timers."""

from __future__ import annotations

import asyncio
import contextlib
import dataclasses
import functools
import gc
from collections.abc import AsyncIterator, Awaitable, Callable, Coroutine, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

import structlog
from fastapi import APIRouter, FastAPI, Request
from fastapi.responses import JSONResponse
from fastapi_offline import FastAPIOffline
from pydantic import BaseModel, ConfigDict
from sqlalchemy import text

from contracts import asyncapi
from contracts import topics as all_topics
from servicekit._auth import TokenVerifier
from servicekit._broker_watch import BrokerWatch
from servicekit._clock import Clock, SystemClock
from servicekit._customer_directory import CustomerDirectory
from servicekit._db import PlatformTables, create_engine, create_sessionmaker
from servicekit._housekeeping import Housekeeping
from servicekit._inbox import Consumer, EventHandlers
from servicekit._jwks import RemoteKeySet
from servicekit._kafka import create_broker, start_broker
from servicekit._observability import (
    BodyLimitMiddleware,
    RequestContextMiddleware,
    configure_logging,
    metrics_endpoint,
)
from servicekit._openapi import declare_problems, finish
from servicekit._problem_handlers import install_problem_handlers
from servicekit._rate_limit import RateLimiter
from servicekit._relay import Relay
from servicekit._revocations import CredentialCheck, Revocations
from servicekit._runtime import Runtime, runtime_of
from servicekit._settings import ServiceSettings
from servicekit._timers import TimerHandler, TimerRunner

log = structlog.get_logger()
SHUTDOWN_SECONDS = 10.0  # the longest a background loop or the shutdown hook is waited for


@dataclass(frozen=True)
class Subscription:
    """A consumer beyond the service's own group: another group over the same events, for another effect.

    An effect that is idempotent by itself (a unique key) may skip the inbox, which records each event once per
    service.
    """

    topic: str
    group: str
    handlers: EventHandlers
    inbox: bool = True


@dataclass(frozen=True)
class ServiceSpec:
    name: str
    title: str
    description: str
    tables: PlatformTables
    routers: Sequence[APIRouter] = ()
    publishes: tuple[str, ...] = ()
    consumes: Mapping[str, EventHandlers] = field(default_factory=dict)  # topic → handlers, in the service's group
    subscriptions: Sequence[Subscription] = ()
    timer_handlers: Mapping[str, TimerHandler] = field(default_factory=dict)
    on_startup: Callable[[Runtime], Awaitable[None]] | None = None
    # Run as the app stops, before the database goes (closing what on_startup opened, e.g. an adapter).
    on_shutdown: Callable[[Runtime], Awaitable[None]] | None = None
    # Long-running loops beside the relay and the timers (e.g. webhook delivery), started with the broker.
    background: Sequence[Callable[[Runtime], Coroutine[Any, Any, None]]] = ()
    upload_paths: tuple[str, ...] = ()  # paths that take file uploads up to `max_upload_bytes`
    openapi_tags: Sequence[dict[str, Any]] = ()
    # The service's own parts (service classes, adapters), reachable from endpoints with `component(cls)`.
    components: Sequence[object] = ()
    # A downstream service's projection of the customer tree: its consumer, its API and a component.
    directory: CustomerDirectory | None = None
    # What refuses a verified token before it expires; by default the service's own `Revocations`, kept by its
    # own consumer of the customers topic.
    credentials: CredentialCheck | None = None

    def resolved(self) -> ServiceSpec:
        """The spec with what its directory and its credential check bring spelled out."""
        spec = self._with_directory()
        if spec.credentials is None:
            # Heard in the service's own group, in the same transaction as its own handling of the event.
            revocations = Revocations(spec.tables)
            consumes = dict(spec.consumes)
            own = consumes.get(all_topics.CUSTOMERS)
            consumes[all_topics.CUSTOMERS] = own.chained(revocations.handlers()) if own else revocations.handlers()
            spec = dataclasses.replace(spec, credentials=revocations, consumes=consumes)
        return spec

    def _with_directory(self) -> ServiceSpec:
        if self.directory is None:
            return self
        consumes = dict(self.consumes)
        own = consumes.get(all_topics.CUSTOMERS)
        consumes[all_topics.CUSTOMERS] = own.merged(self.directory.handlers()) if own else self.directory.handlers()
        return dataclasses.replace(
            self,
            routers=[*self.routers, self.directory.router()],
            consumes=consumes,
            components=[*self.components, self.directory],
            openapi_tags=[
                *self.openapi_tags,
                {"name": "customers", "description": "Customers as this service knows them"},
            ],
            directory=None,
        )


def load_verifier(settings: ServiceSettings, public_pem: bytes | None = None) -> TokenVerifier:
    """The issuer's JWKS when `jwks_url` is set, else the one public key of `jwt_public_key_file`."""
    keys: bytes | RemoteKeySet
    if public_pem is None and settings.jwks_url:
        keys = RemoteKeySet(settings.jwks_url, refetch_interval=settings.jwks_refetch_interval_seconds)
    elif public_pem is None:
        if settings.jwt_public_key_file is None:
            raise RuntimeError(
                f"{settings.service_name}: set JWKS_URL (or JWT_PUBLIC_KEY_FILE) to the token issuer's keys"
            )
        keys = settings.jwt_public_key_file.read_bytes()
    else:
        keys = public_pem
    return TokenVerifier(keys, issuer=settings.jwt_issuer, audience=settings.jwt_audience)


def create_service_app(
    spec: ServiceSpec,
    settings: ServiceSettings,
    *,
    clock: Clock | None = None,
    verifier: Callable[[ServiceSettings], TokenVerifier] = load_verifier,
) -> FastAPI:
    clock = clock or SystemClock()
    spec = spec.resolved()

    @contextlib.asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        configure_logging(settings.log_level, settings.log_json)
        engine = create_engine(settings.database_url, pool_size=settings.database_pool_size)
        broker = create_broker(settings)
        wake: list[Callable[[], None]] = []
        sessionmaker = create_sessionmaker(engine, spec.tables, lambda: wake[0](), service=spec.name)
        relay = Relay(settings=settings, sessionmaker=sessionmaker, broker=broker, tables=spec.tables)
        wake.append(relay.wake)
        timers = TimerRunner(
            service=spec.name,
            sessionmaker=sessionmaker,
            tables=spec.tables,
            clock=clock,
            handlers=spec.timer_handlers,
            poll_seconds=settings.timer_poll_seconds,
        )
        runtime = Runtime(
            settings,
            clock,
            engine,
            sessionmaker,
            broker,
            relay,
            timers,
            verifier(settings),
            components={type(part): part for part in spec.components},
            credentials=spec.credentials,
            limiter=RateLimiter.from_settings(settings),
        )
        app.state.runtime = runtime
        await runtime.verifier.start()  # the issuer's keys, if it answers already (else on the first token)
        if spec.consumes:  # one member of the service's group reads every topic it consumes (one rebalance)
            Consumer(
                service=spec.name,
                sessionmaker=sessionmaker,
                tables=spec.tables,
                handlers=functools.reduce(EventHandlers.merged, spec.consumes.values()),
                settings=settings,
            ).subscribe(broker, *spec.consumes)
        for extra in spec.subscriptions:
            Consumer(
                service=spec.name,
                group=extra.group,
                inbox=extra.inbox,
                sessionmaker=sessionmaker,
                tables=spec.tables,
                handlers=extra.handlers,
                settings=settings,
            ).subscribe(broker, extra.topic)
        if spec.on_startup:
            await spec.on_startup(runtime)
        if not settings.workers:  # the HTTP API alone: another process relays, consumes and fires timers
            gc.freeze()  # the start-up heap lives as long as the process: full collections need not walk it
            log.info("service.started", service=spec.name, workers=False)
            try:
                yield
            finally:
                if spec.on_shutdown:
                    await spec.on_shutdown(runtime)
                await engine.dispose()
            return
        watch = BrokerWatch(
            settings=settings,
            broker=broker,
            relay=relay,
            sessionmaker=sessionmaker,
            tables=spec.tables,
            topics=all_topics.ALL,
            publishes=spec.publishes,
        )
        broker_lost_state = await watch.start()  # asked before the marker is made again
        await start_broker(broker)
        if broker_lost_state:
            log.warning("broker_watch.broker_lost_state", service=spec.name, noticed="at start-up")
            await watch.replay()
        housekeeping = Housekeeping(sessionmaker=sessionmaker, tables=spec.tables, settings=settings, clock=clock)
        tasks = [
            asyncio.create_task(job.run(), name=type(job).__name__) for job in (relay, timers, watch, housekeeping)
        ]
        tasks += [asyncio.create_task(loop(runtime), name=loop.__qualname__) for loop in spec.background]
        gc.freeze()  # the start-up heap lives as long as the process: full collections need not walk it
        log.info("service.started", service=spec.name)
        try:
            yield
        finally:
            for task in tasks:
                task.cancel()
            # A loop that does not end when cancelled is named, not waited for: the service still stops.
            _, stuck = await asyncio.wait(tasks, timeout=SHUTDOWN_SECONDS)
            for task in stuck:
                log.warning("service.task_did_not_stop", service=spec.name, task=task.get_name(), stack=repr(task))
            if spec.on_shutdown:
                try:
                    await asyncio.wait_for(spec.on_shutdown(runtime), SHUTDOWN_SECONDS)
                except TimeoutError:
                    log.warning("service.shutdown_timed_out", service=spec.name)
            try:
                await asyncio.wait_for(broker.stop(), settings.broker_stop_timeout_seconds)
            except TimeoutError:
                log.warning("broker.stop_timed_out", service=spec.name)
            await engine.dispose()

    # /docs and /redoc load their scripts from the service itself: they work offline and behind a firewall.
    app = FastAPIOffline(
        title=spec.title,
        description=spec.description,
        version="1.0.0",
        lifespan=lifespan,
        openapi_tags=[*spec.openapi_tags, {"name": "operations", "description": "Health, readiness, metrics"}],
    )
    app.add_middleware(
        BodyLimitMiddleware,
        max_bytes=settings.max_body_bytes,
        upload_paths=spec.upload_paths,
        max_upload_bytes=settings.max_upload_bytes,
    )
    app.add_middleware(RequestContextMiddleware, service=spec.name)
    install_problem_handlers(app)
    for router in [*spec.routers, operations_router(spec)]:
        declare_problems(router)
        app.include_router(router)
    generate = app.openapi
    app.openapi = lambda: finish(generate(), token_url=settings.token_url)  # type: ignore[method-assign]
    return app


class Health(BaseModel):
    """The process is up."""

    model_config = ConfigDict(json_schema_extra={"examples": [{"status": "ok"}]})

    status: str


class Readiness(BaseModel):
    """Whether the service can serve: `ready`, or `degraded` (still 200) while the broker is out of reach, for the
    outbox keeps every event until it is back; `not_ready` (503) while the database is out of reach."""

    model_config = ConfigDict(
        json_schema_extra={
            "examples": [
                {"status": "ready", "checks": {"database": "ok", "broker": "ok"}},
                {
                    "status": "degraded",
                    "checks": {"database": "ok", "broker": "unreachable (events wait in the outbox)"},
                },
            ]
        }
    )

    status: str
    checks: dict[str, str]


_CREATED = "customer_created_v1"
_ASYNCAPI_EXAMPLE: dict[str, Any] = {
    "asyncapi": "3.0.0",
    "info": {"title": "customers events", "version": "1.0.0"},
    "defaultContentType": "application/cloudevents+json",
    "channels": {
        "customers.customer.v1": {
            "address": "customers.customer.v1",
            "description": "Keyed by customer id: one customer's events arrive in order.",
            "messages": {_CREATED: {"$ref": f"#/components/messages/{_CREATED}"}},
        }
    },
    "operations": {
        "send_customers_customer_v1": {"action": "send", "channel": {"$ref": "#/channels/customers.customer.v1"}}
    },
    "components": {
        "messages": {
            _CREATED: {
                "name": "customer.created.v1",
                "title": "CustomerCreated",
                "contentType": "application/cloudevents+json",
                "payload": {"type": "object", "properties": {"type": {"const": "customer.created.v1"}}},
            }
        },
        "schemas": {},
    },
}


def operations_router(spec: ServiceSpec) -> APIRouter:
    router = APIRouter(tags=["operations"])
    events = asyncapi.document(spec.name, sends=spec.publishes, receives=tuple(spec.consumes))

    @router.get(
        "/asyncapi.json",
        operation_id="get_asyncapi",
        summary="The events this service sends and receives",
        responses={200: {"content": {"application/json": {"schema": {"examples": [_ASYNCAPI_EXAMPLE]}}}}},
    )
    async def asyncapi_document() -> dict[str, Any]:
        """AsyncAPI 3.0: every topic, event type and field, for internal consumers."""
        return events

    @router.get("/healthz", operation_id="get_health", summary="The process is up", response_model=Health)
    async def healthz() -> dict[str, str]:
        return {"status": "ok"}

    @router.get(
        "/readyz",
        operation_id="get_readiness",
        summary="The service can serve: its database answers (the broker's absence only delays events)",
        response_model=Readiness,
        # The same body as 200, as JSON (not a problem): a balancer or an operator reads which check failed.
        responses={503: {"model": Readiness, "description": "The database is unreachable", "x-problem": False}},
    )
    async def readyz(request: Request) -> JSONResponse:
        runtime = runtime_of(request)

        async def database() -> str:
            try:
                async with asyncio.timeout(2.0):  # connecting too: a database that hangs is as bad as a refusal
                    async with runtime.engine.connect() as conn:
                        await conn.execute(text("SELECT 1"))
            except Exception as exc:
                return f"unreachable: {type(exc).__name__}"
            return "ok"

        async def broker() -> bool:
            try:
                return bool(await runtime.broker.ping(timeout=2.0))
            except Exception:
                return False

        if not runtime.settings.workers:  # an API-only process writes events to the outbox and never sends them
            database_check, broker_ok, broker_check = await database(), True, "not used (API only)"
        else:
            database_check, broker_ok = await asyncio.gather(database(), broker())
            # Every write goes to the outbox in the write's transaction; the relay sends it once the broker is back.
            broker_check = "ok" if broker_ok else "unreachable (events wait in the outbox)"
        checks = {"database": database_check, "broker": broker_check}
        if checks["database"] != "ok":
            status, code = "not_ready", 503  # nothing can be read or written: the balancer should look elsewhere
        else:
            status, code = ("ready" if broker_ok else "degraded"), 200
        return JSONResponse({"status": status, "checks": checks}, status_code=code)

    router.add_route("/metrics", metrics_endpoint, include_in_schema=False)
    return router
