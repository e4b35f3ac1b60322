"""Per-client rate limits: GCRA in the service's PostgreSQL, so every replica counts against the same budget."""

from __future__ import annotations

import contextlib
import math
import uuid
from collections.abc import AsyncIterator
from datetime import timedelta

import httpx
import pytest
import pytest_asyncio
from fastapi import FastAPI
from sqlalchemy import text

from contracts.enums import Role
from devstack.config import ensure_keys
from devstack.in_process import InProcess, issuer_for, principal_below, rolled_back, root_principal
from devstack.services import Services
from devstack.stack import Stack
from pstn_orders.config import Settings
from pstn_orders.main import create_app
from servicekit import PROBLEM_BASE, ManualClock, TokenIssuer

pytestmark = pytest.mark.asyncio(loop_scope="session")

PER_SECOND = 0.1  # one request every 10 s on average...
BURST = 2  # ...and two at once: what a test's own pace cannot refill by itself


@contextlib.asynccontextmanager
async def limited_app(
    stack: Stack, services: Services, clock: ManualClock, *, per_second: float = PER_SECOND, burst: int = BURST
) -> AsyncIterator[tuple[FastAPI, TokenIssuer]]:
    """pstn_orders' API alone on the stack's database, with a low rate limit."""
    private, public = ensure_keys(services.folder / "keys")
    settings = Settings(
        database_url=stack.database_urls["pstn_orders"],
        kafka_bootstrap_servers=stack.bootstrap_servers,
        jwt_public_key_file=public,
        workers=False,
        rate_limit_per_second=per_second,
        rate_limit_burst=burst,
        log_level="WARNING",
    )
    app = create_app(settings, clock=clock)
    async with app.router.lifespan_context(app):
        yield app, issuer_for(private, settings)


@pytest.fixture
def clock() -> ManualClock:
    return ManualClock()


@pytest_asyncio.fixture(loop_scope="session")
async def api(stack: Stack, services: Services, clock: ManualClock) -> AsyncIterator[InProcess]:
    async with limited_app(stack, services, clock) as (app, issuer), rolled_back(app, issuer) as opened:
        yield opened


async def protected(http: httpx.AsyncClient) -> httpx.Response:
    return await http.get(f"/v1/customers/{uuid.uuid4()}")  # any caller may ask; an unknown customer is a 404


async def test_a_client_over_its_rate_is_answered_429_with_retry_after_and_served_again_after_it(
    api: InProcess, clock: ManualClock
) -> None:
    http = api.client(principal_below(root_principal(), Role.PARTNER_ADMIN))

    admitted = [await protected(http) for _ in range(BURST)]
    refused = await protected(http)

    assert [r.status_code for r in admitted] == [404] * BURST
    assert admitted[0].headers["RateLimit-Policy"] == f'"client";q={BURST};w={math.ceil(BURST / PER_SECOND)}'
    assert admitted[0].headers["RateLimit"].startswith(f'"client";r={BURST - 1};')
    assert refused.status_code == 429
    assert refused.headers["content-type"] == "application/problem+json"
    assert refused.json()["type"] == PROBLEM_BASE + "rate-limited"
    retry_after = int(refused.headers["Retry-After"])
    assert retry_after == math.ceil(1 / PER_SECOND)
    assert refused.headers["RateLimit"].startswith('"client";r=0;')

    clock.advance(timedelta(seconds=retry_after - 1))
    assert (await protected(http)).status_code == 429  # not yet
    clock.advance(timedelta(seconds=1))
    assert (await protected(http)).status_code == 404


async def test_another_client_is_not_limited_by_one_over_its_rate(api: InProcess) -> None:
    busy = api.client(principal_below(root_principal(), Role.PARTNER_ADMIN))
    other = api.client(principal_below(root_principal(), Role.PARTNER_ADMIN))
    for _ in range(BURST + 1):
        await protected(busy)

    assert (await protected(busy)).status_code == 429
    assert (await protected(other)).status_code == 404


async def test_health_metrics_and_documents_are_never_limited(api: InProcess) -> None:
    http = api.client(principal_below(root_principal(), Role.PARTNER_ADMIN))
    for _ in range(BURST + 1):
        await protected(http)

    answers = [(await http.get(path)).status_code for path in ("/healthz", "/metrics", "/openapi.json", "/docs")] * 3

    assert answers == [200] * len(answers)
    assert (await protected(http)).status_code == 429


async def test_protected_operations_declare_429_and_health_does_not(api: InProcess) -> None:
    openapi = (await api.client(root_principal()).get("/openapi.json")).json()

    operations = {op["operationId"]: op for path in openapi["paths"].values() for op in path.values()}
    assert "application/problem+json" in operations["get_known_customer"]["responses"]["429"]["content"]
    assert "429" not in operations["get_health"]["responses"]


async def test_two_instances_on_one_database_share_a_clients_budget(stack: Stack, services: Services) -> None:
    clock = ManualClock()
    client = principal_below(root_principal(), Role.PARTNER_ADMIN)
    async with limited_app(stack, services, clock) as (one, issuer), limited_app(stack, services, clock) as (two, _):
        token = {"Authorization": f"Bearer {issuer.issue(client)}"}
        clients = [
            httpx.AsyncClient(transport=httpx.ASGITransport(app=app), base_url="http://replica", headers=token)
            for app in (one, two)
        ]
        try:
            answers = [(await protected(clients[i % 2])).status_code for i in range(BURST + 2)]
        finally:
            for http in clients:
                await http.aclose()
            async with one.state.runtime.engine.begin() as conn:  # these requests committed: leave nothing behind
                await conn.execute(text("DELETE FROM rate_limits WHERE key = :key"), {"key": client.client_id})

    assert answers == [404] * BURST + [429, 429]


@pytest.mark.parametrize(("per_second", "burst"), [(0, BURST), (PER_SECOND, 0)])
async def test_a_rate_or_burst_of_zero_turns_the_limit_off(
    stack: Stack, services: Services, per_second: float, burst: int
) -> None:
    async with (
        limited_app(stack, services, ManualClock(), per_second=per_second, burst=burst) as (app, issuer),
        rolled_back(app, issuer) as api,
    ):
        http = api.client(principal_below(root_principal(), Role.PARTNER_ADMIN))
        answers = [await protected(http) for _ in range(BURST + 2)]

    assert [r.status_code for r in answers] == [404] * (BURST + 2)
    assert "RateLimit" not in answers[0].headers
