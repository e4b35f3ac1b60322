"""Fixtures every test folder may use."""

from __future__ import annotations

import contextlib
from collections.abc import AsyncIterator

import pytest_asyncio

from devstack.services import serve
from tests.e2e.pstn_flow import Receiver


@pytest_asyncio.fixture(loop_scope="session")
async def pstn_receiver() -> AsyncIterator[Receiver]:
    """The provider's webhook endpoint on loopback: keeps every delivery it receives."""
    receiver = Receiver()
    async with contextlib.AsyncExitStack() as stack:
        running = await stack.enter_async_context(serve("pstn-receiver", receiver.app()))
        receiver.url = f"{running.url}/hooks"
        yield receiver
