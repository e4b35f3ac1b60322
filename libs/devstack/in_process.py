"""One service's app run inside the test process on the real PostgreSQL, each test rolled back.

Its API is served without workers (no relay, consumers or timers); every session a request or the test opens
joins one outer transaction with savepoints, so what the app commits disappears when the test ends.
"""

from __future__ import annotations

import contextlib
import uuid
from collections.abc import AsyncIterator
from dataclasses import dataclass, field
from datetime import timedelta
from pathlib import Path

import httpx
from fastapi import FastAPI
from sqlalchemy.ext.asyncio import AsyncConnection, AsyncSession, async_sessionmaker

from contracts.enums import Role
from servicekit import Principal, Runtime, ServiceSettings, TokenIssuer

ROOT_CUSTOMER_ID = uuid.UUID("00000000-0000-0000-0000-000000000001")  # the tree's root (customers' first migration)


def root_principal() -> Principal:
    return Principal(
        client_id="root",
        customer_id=ROOT_CUSTOMER_ID,
        tenant_path=f"/{ROOT_CUSTOMER_ID.hex}/",
        roles=frozenset({Role.PLATFORM_ROOT, Role.SCREENING_REVIEWER}),
    )


def principal_below(parent: Principal, *roles: Role, customer_id: uuid.UUID | None = None) -> Principal:
    """An API client of a (new) customer directly below `parent`, holding `roles`."""
    customer_id = customer_id or uuid.uuid4()
    return Principal(
        client_id=f"cl_{customer_id.hex[:16]}",
        customer_id=customer_id,
        tenant_path=f"{parent.tenant_path}{customer_id.hex}/",
        roles=frozenset(roles),
    )


@dataclass
class InProcess:
    """A service's app and runtime, with sessions inside the test's transaction."""

    app: FastAPI
    issuer: TokenIssuer
    _clients: list[httpx.AsyncClient] = field(default_factory=list)

    @property
    def runtime(self) -> Runtime:
        runtime: Runtime = self.app.state.runtime
        return runtime

    def session(self) -> AsyncSession:
        return self.runtime.sessionmaker()

    def client(self, principal: Principal) -> httpx.AsyncClient:
        """An HTTP client of the app acting as `principal`, with a token the app accepts."""
        client = httpx.AsyncClient(
            transport=httpx.ASGITransport(app=self.app),
            base_url="http://in-process",
            headers={"Authorization": f"Bearer {self.issuer.issue(principal)}"},
        )
        self._clients.append(client)
        return client

    async def aclose(self) -> None:
        for client in self._clients:
            await client.aclose()


def issuer_for(private_key: Path, settings: ServiceSettings) -> TokenIssuer:
    """Tokens as the customers service signs them, for the service whose settings verify them."""
    return TokenIssuer(
        private_key.read_bytes(), issuer=settings.jwt_issuer, audience=settings.jwt_audience, ttl=timedelta(hours=1)
    )


@contextlib.asynccontextmanager
async def rolled_back(app: FastAPI, issuer: TokenIssuer) -> AsyncIterator[InProcess]:
    """Bind the app's sessions (requests and timers) to one transaction, rolled back at the end."""
    runtime: Runtime = app.state.runtime
    original = runtime.sessionmaker
    connection: AsyncConnection = await runtime.engine.connect()
    outer = await connection.begin()
    joined = async_sessionmaker(
        bind=connection,
        expire_on_commit=False,
        info=dict(original.kw["info"]),
        join_transaction_mode="create_savepoint",
    )
    runtime.sessionmaker = runtime.timers.sessionmaker = joined
    in_process = InProcess(app, issuer)
    try:
        yield in_process
    finally:
        await in_process.aclose()
        runtime.sessionmaker = runtime.timers.sessionmaker = original
        await outer.rollback()
        await connection.close()
