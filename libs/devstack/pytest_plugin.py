"""pytest plugin: one real stack per test session, and the four services on loopback ports."""

from __future__ import annotations

import contextlib
import os
from collections.abc import AsyncIterator, Awaitable, Callable, Iterator
from pathlib import Path

import pytest
import pytest_asyncio
from fastapi import FastAPI

from devstack import broker, mailsink, testing
from devstack.config import default_rpl_data_dir, ensure_keys, ensure_secret
from devstack.in_process import InProcess, issuer_for, rolled_back
from devstack.services import Services, build_apps, serve
from devstack.stack import Stack
from servicekit import ManualClock

PROJECT_ROOT = Path(__file__).resolve().parents[2]


def rpl_data_dir() -> Path | None:
    configured = os.environ.get("RPL_DATA_DIR")
    if configured == "none":  # run with no list loaded: nothing may be cleared
        return None
    return Path(configured) if configured else default_rpl_data_dir(PROJECT_ROOT)


@pytest.fixture(scope="session")
def stack(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Stack]:
    running = Stack.start(tmp_path_factory.mktemp("stack"))
    try:
        yield running
    finally:
        running.stop()


@pytest_asyncio.fixture(scope="session", loop_scope="session")
async def services(stack: Stack, tmp_path_factory: pytest.TempPathFactory) -> AsyncIterator[Services]:
    folder = tmp_path_factory.mktemp("services")
    clock = ManualClock()
    root_secret = ensure_secret(folder / "root-secret")
    smtp, inbox = mailsink.start_memory(broker.free_port())  # what the services email lands here: services.mail
    apps = build_apps(stack, folder / "keys", clock, rpl_data_dir(), root_secret, smtp_port=smtp.port)
    async with contextlib.AsyncExitStack() as exit_stack:
        exit_stack.callback(smtp.stop)
        for app in apps.values():
            await exit_stack.enter_async_context(app.router.lifespan_context(app))
        running = {name: await exit_stack.enter_async_context(serve(name, app)) for name, app in apps.items()}
        yield Services(
            **running, clock=clock, root_client_id="root", root_client_secret=root_secret, folder=folder, mail=inbox
        )


@pytest_asyncio.fixture(loop_scope="session")
async def root(services: Services) -> AsyncIterator[testing.Caller]:
    """The platform root's API client, for a test to build its tree from."""
    caller = await testing.root(services)
    yield caller
    await caller.aclose()


@pytest_asyncio.fixture(loop_scope="session")
async def partner(services: Services, root: testing.Caller) -> AsyncIterator[testing.Caller]:
    """A new provisioned partner below the root, with a partner_admin API client and a default tariff."""
    caller = await testing.partner(services, root)
    yield caller
    await caller.aclose()


class InProcessApps:
    """The services' apps without workers, started on first use and kept for the session."""

    def __init__(self, services: Services, stack: Stack, exit_stack: contextlib.AsyncExitStack) -> None:
        # The session's clock: what the in-process apps record (timers, rate-limit counters) agrees with the
        # services on ports, which share the database.
        self.clock, self.folder = services.clock, services.folder
        self.smtp_port: int = getattr(services.pstn_orders.runtime.settings, "smtp_port", 1025)
        self.stack, self.exit_stack = stack, exit_stack
        self.apps: dict[str, FastAPI] = {}

    async def app(self, service: str) -> FastAPI:
        if service not in self.apps:
            built = build_apps(
                self.stack,
                self.folder / "keys",
                self.clock,
                rpl_data_dir(),
                ensure_secret(self.folder / "root-secret"),
                workers=False,
                smtp_port=self.smtp_port,
            )
            for name, app in built.items():
                if name == service:
                    await self.exit_stack.enter_async_context(app.router.lifespan_context(app))
                    self.apps[name] = app
        return self.apps[service]


@pytest_asyncio.fixture(scope="session", loop_scope="session")
async def _in_process_apps(stack: Stack, services: Services) -> AsyncIterator[InProcessApps]:
    async with contextlib.AsyncExitStack() as exit_stack:
        yield InProcessApps(services, stack, exit_stack)


@pytest_asyncio.fixture(loop_scope="session")
async def in_process(_in_process_apps: InProcessApps) -> AsyncIterator[Callable[[str], Awaitable[InProcess]]]:
    """Open a service in this process: `api = await in_process("pstn_orders")`; the test's writes roll back."""
    async with contextlib.AsyncExitStack() as opened:

        async def open_service(service: str) -> InProcess:
            app = await _in_process_apps.app(service)
            private_key, _ = ensure_keys(_in_process_apps.folder / "keys")
            issuer = issuer_for(private_key, app.state.runtime.settings)
            return await opened.enter_async_context(rolled_back(app, issuer))

        yield open_service
