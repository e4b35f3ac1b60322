"""The four services served by uvicorn on loopback ports inside the test process."""

from __future__ import annotations

import asyncio
import contextlib
import json
from collections.abc import AsyncIterator
from dataclasses import dataclass
from pathlib import Path
from typing import TypedDict

import uvicorn
from fastapi import FastAPI

from devstack import broker
from devstack.config import ROOT_CLIENT_ID, ensure_keys
from devstack.mailsink import MemoryInbox
from devstack.stack import Stack
from servicekit import ManualClock, Runtime

SERVICE_NAMES = ("customers", "rpl_screening", "pstn_orders", "cc_setup")


@dataclass
class RunningService:
    name: str
    app: FastAPI
    url: str

    @property
    def runtime(self) -> Runtime:
        runtime: Runtime = self.app.state.runtime
        return runtime


@dataclass
class Services:
    customers: RunningService
    rpl_screening: RunningService
    pstn_orders: RunningService
    cc_setup: RunningService
    clock: ManualClock
    root_client_id: str
    root_client_secret: str
    folder: Path  # the session's keys and secrets
    mail: MemoryInbox | None = None  # every email the services sent, when the session runs an SMTP sink

    def all(self) -> list[RunningService]:
        return [self.customers, self.rpl_screening, self.pstn_orders, self.cc_setup]


class StackSettings(TypedDict):
    """What every service of the test stack is configured with, beside its own database."""

    kafka_bootstrap_servers: str
    kafka_idempotent_producer: bool
    jwks_url: str
    jwt_public_key_file: Path
    outbox_poll_seconds: float
    broker_watch_seconds: float
    broker_stop_timeout_seconds: float
    kafka_session_timeout_ms: int
    kafka_heartbeat_interval_ms: int
    kafka_topic_partitions: int
    timer_poll_seconds: float
    consumer_max_attempts: int
    log_json: bool
    log_level: str
    workers: bool


def build_apps(
    stack: Stack,
    keys_dir: Path,
    clock: ManualClock,
    rpl_data_dir: Path | None,
    root_secret: str,
    *,
    workers: bool = True,
    smtp_port: int = 1025,
) -> dict[str, FastAPI]:
    """The four apps on the stack; `workers=False` serves their APIs alone (no relay, consumers or timers).

    Emails go to the SMTP sink on `smtp_port` (the test session's `services.mail`)."""
    from cc_setup.config import Settings as CcSettings
    from cc_setup.main import create_app as cc_app
    from customers.config import Settings as CustomerSettings
    from customers.main import create_app as customers_app
    from pstn_orders.config import Settings as PstnSettings
    from pstn_orders.main import create_app as pstn_app
    from rpl_screening.config import Settings as RplSettings
    from rpl_screening.main import create_app as rpl_app

    private, public = ensure_keys(keys_dir)
    ports = ensure_ports(keys_dir.parent / "ports.json")
    common = StackSettings(
        kafka_bootstrap_servers=stack.bootstrap_servers,
        kafka_idempotent_producer=False,
        jwks_url=f"http://127.0.0.1:{ports['customers']}/.well-known/jwks.json",  # customers ignores it: its own keys
        jwt_public_key_file=public,
        outbox_poll_seconds=0.2,
        broker_watch_seconds=0.5,
        broker_stop_timeout_seconds=3.0,
        kafka_session_timeout_ms=1_000,
        kafka_heartbeat_interval_ms=200,
        kafka_topic_partitions=4,  # see devstack.config.service_env
        timer_poll_seconds=0.2,
        consumer_max_attempts=3,
        log_json=True,
        log_level="WARNING",
        workers=workers,
    )
    urls = stack.database_urls
    apps = {
        "customers": customers_app(
            CustomerSettings(
                database_url=urls["customers"],
                jwt_private_key_file=private,
                bootstrap_client_id=ROOT_CLIENT_ID,
                bootstrap_client_secret=root_secret,
                webhook_require_https=False,
                webhook_poll_seconds=0.2,
                smtp_port=smtp_port,
                **common,
            ),
            clock=clock,
        ),
        "rpl_screening": rpl_app(
            RplSettings(database_url=urls["rpl_screening"], lists_dir=rpl_data_dir, **common), clock=clock
        ),
        "pstn_orders": pstn_app(
            PstnSettings(
                database_url=urls["pstn_orders"],
                smtp_port=smtp_port,
                contract_link_base_url=f"http://127.0.0.1:{ports['pstn_orders']}",  # the contract email's link
                documents_dir=keys_dir.parent / "documents",  # the test session's folder
                sandbox_carrier_database_url=stack.carrier_database_url,
                sandbox_poll_seconds=0.2,
                sandbox_callback_retry_seconds=0.5,
                **common,
            ),
            clock=clock,
        ),
        "cc_setup": cc_app(CcSettings(database_url=urls["cc_setup"], smtp_port=smtp_port, **common), clock=clock),
    }
    for name, app in apps.items():
        app.state.loopback_port = ports[name]  # where serve() binds it
    return apps


def ensure_ports(path: Path) -> dict[str, int]:
    """The services' loopback ports, picked once per folder before any app is built, so that each is configured
    with the others' URLs (the verifiers with customers' JWKS) and apps built again later reach the same ones."""
    if not path.exists():
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(json.dumps({name: broker.free_port() for name in SERVICE_NAMES}))
    ports: dict[str, int] = json.loads(path.read_text())
    return ports


class _Server(uvicorn.Server):
    def capture_signals(self) -> contextlib.AbstractContextManager[None]:  # type: ignore[override]
        return contextlib.nullcontext()  # the test runner owns the process's signals


@contextlib.asynccontextmanager
async def serve(name: str, app: FastAPI) -> AsyncIterator[RunningService]:
    """Serve `app` on its port from `build_apps` (a free one for any other app) until the context ends."""
    port: int = getattr(app.state, "loopback_port", None) or broker.free_port()
    server = _Server(
        uvicorn.Config(app, host="127.0.0.1", port=port, log_config=None, access_log=False, lifespan="off")
    )
    task = asyncio.create_task(server.serve())
    while not server.started:
        if task.done():
            task.result()
        await asyncio.sleep(0.05)
    try:
        yield RunningService(name, app, f"http://127.0.0.1:{port}")
    finally:
        server.should_exit = True
        await task
