"""The partner the customers tests share: a fresh one below the platform root for each test."""

from __future__ import annotations

from collections.abc import AsyncIterator

import pytest_asyncio

from devstack import testing
from devstack.services import Services
from devstack.testing import Caller


@pytest_asyncio.fixture(loop_scope="session")
async def partner(services: Services, root: Caller) -> AsyncIterator[Caller]:
    caller = await testing.partner(services, root, name="Fjordline Bakery Supplies")
    yield caller
    await caller.aclose()
