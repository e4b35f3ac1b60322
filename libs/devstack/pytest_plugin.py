"""pytest plugin: one real stack per test session, and the four services on loopback ports."""

from __future__ import annotations

import contextlib
import os
from collections.abc import AsyncIterator, Iterator
from pathlib import Path

import pytest
import pytest_asyncio

from devstack import testing
from devstack.config import default_rpl_data_dir, ensure_secret
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
    apps = build_apps(stack, folder / "keys", clock, rpl_data_dir(), root_secret)
    async with contextlib.AsyncExitStack() as exit_stack:
        for app in apps.values():
            await exit_stack.enter_async_context(app.router.lifespan_context(app))
        running = {name: await exit_stack.enter_async_context(serve(name, app)) for name, app in apps.items()}
        yield Services(**running, clock=clock, root_client_id="root", root_client_secret=root_secret)


@pytest_asyncio.fixture(loop_scope="session")
async def root(services: Services) -> AsyncIterator[testing.Caller]:
    """The platform root's API client, for a test to build its tree from."""
    caller = await testing.root(services)
    yield caller
    await caller.aclose()
