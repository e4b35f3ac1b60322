"""The sandbox connect: a connect of its own, with its tenants, users and webhooks in its own schema
(`connect_sandbox`) of cc_setup's database, and realistic ids (`ctn_...` tenants, `usr_...` users, `msg_...`
webhooks).

Calls made through the adapter (cc_setup's own) send no webhook, as connect does not echo an API caller's
changes. What a person does in connect is played by these methods, which change the sandbox first and then send
the signed webhook (Standard Webhooks, the secret of `CC_SETUP_CONNECT_WEBHOOK_SECRET`) to cc_setup's inbound
endpoint, answering its HTTP status:

- `change_role_in_connect(tenant_id, email, role)`: a connect administrator gives the user another role
  (`user.role_changed`);
- `add_user_in_connect(tenant_id, email, role)`: a connect administrator adds a user (`user.added`); the user
  waits for the platform invitation first (R-CC-14);
- `sign_in(tenant_id, email)`: the user signs in; the first sign-in of an invited user activates it
  (`user.signed_in`), a revoked invitation is refused (`SignInRefused`).

`redeliver()` sends again every webhook cc_setup has not acknowledged. Reads for tests: `tenant_of(customer_id)`,
`user(tenant_id, email)`, `webhooks(tenant_id)`.
"""

from __future__ import annotations

import json
import secrets
import uuid
from datetime import UTC, datetime
from typing import Any

import httpx
from fastapi import FastAPI
from sqlalchemy import (
    Boolean,
    Column,
    DateTime,
    Integer,
    MetaData,
    String,
    Table,
    UniqueConstraint,
    Uuid,
    insert,
    select,
    text,
    update,
)
from sqlalchemy.dialects.postgresql import JSONB
from sqlalchemy.ext.asyncio import AsyncSession
from standardwebhooks import Webhook

from cc_setup.connect.adapter import ConnectRefused, ConnectTenant, ConnectTenantRequest, ConnectUser
from cc_setup.role_mapping import CONNECT_ROLES
from servicekit import Clock, Runtime

SCHEMA = "connect_sandbox"
INBOUND_PATH = "/v1/contact-center/connect-events"

metadata = MetaData(schema=SCHEMA)
tenants = Table(
    "tenants",
    metadata,
    Column("id", String(40), primary_key=True),
    Column("key", String(200), nullable=False, unique=True),
    Column("customer_id", Uuid, nullable=False),
    Column("name", String(400), nullable=False),
    Column("country", String(2), nullable=False),
    Column("time_zone", String(64), nullable=False),
    Column("data_center", String(40), nullable=False),
    Column("owner_email", String(320), nullable=False),
    Column("created_at", DateTime(timezone=True), nullable=False),
)
users = Table(
    "users",
    metadata,
    Column("id", String(40), primary_key=True),
    Column("tenant_id", String(40), nullable=False),
    Column("email", String(320), nullable=False),
    Column("role", String(40), nullable=False),
    Column("engage", Boolean, nullable=False),
    Column("owner", Boolean, nullable=False),
    Column("state", String(20), nullable=False),  # invited | active | revoked
    Column("invitation_token", String(64)),
    Column("invited_at", DateTime(timezone=True)),
    Column("activated_at", DateTime(timezone=True)),
    Column("sign_ins", Integer, nullable=False, default=0),
    UniqueConstraint("tenant_id", "email"),
)
webhooks = Table(
    "webhooks",
    metadata,
    Column("id", String(40), primary_key=True),
    Column("tenant_id", String(40), nullable=False),
    Column("type", String(60), nullable=False),
    Column("body", JSONB, nullable=False),
    Column("attempts", Integer, nullable=False, default=0),
    Column("delivered_at", DateTime(timezone=True)),
    Column("last_status", Integer),
)


class SignInRefused(Exception):
    """The user has no invitation to sign in with (revoked, or never invited)."""


def _id(prefix: str) -> str:
    return f"{prefix}_{uuid.uuid4().hex[:24]}"


class SandboxConnect:
    def __init__(
        self,
        *,
        clock: Clock,
        webhook_secret: str,
        webhook_url: str | None = None,
        invitation_base_url: str = "https://connect.sandbox.example/invitations",
    ) -> None:
        self.clock = clock
        self.signer = Webhook(webhook_secret)
        self.webhook_url = webhook_url  # None: into the app itself (its own ASGI), as tests and one process run
        self.invitation_base_url = invitation_base_url
        self._runtime: Runtime | None = None
        self._app: FastAPI | None = None

    def attach(self, app: FastAPI) -> None:
        self._app = app

    async def start(self, runtime: Runtime) -> None:
        """Create the sandbox's schema and tables once (a lock: two processes may start together)."""
        self._runtime = runtime
        async with runtime.engine.begin() as connection:
            await connection.execute(text("SELECT pg_advisory_xact_lock(hashtext('connect_sandbox'))"))
            await connection.execute(text(f"CREATE SCHEMA IF NOT EXISTS {SCHEMA}"))
            await connection.run_sync(metadata.create_all)

    def _session(self) -> AsyncSession:
        assert self._runtime is not None, "SandboxConnect.start() runs at the app's startup"
        return self._runtime.sessionmaker()  # read at each call: tests swap it for their rolled-back one

    # the adapter

    async def create_tenant(self, request: ConnectTenantRequest) -> ConnectTenant:
        async with self._session() as session, session.begin():
            row = (await session.execute(select(tenants).where(tenants.c.key == request.key))).one_or_none()
            if row is None:  # a repeated key answers the tenant it created
                tenant_id = _id("ctn")
                await session.execute(
                    insert(tenants).values(
                        id=tenant_id,
                        key=request.key,
                        customer_id=request.customer_id,
                        name=request.name,
                        country=request.country,
                        time_zone=request.time_zone,
                        data_center=request.data_center,
                        owner_email=request.owner_email.lower(),
                        created_at=self.clock.now(),
                    )
                )
                row = (await session.execute(select(tenants).where(tenants.c.id == tenant_id))).one()
        return ConnectTenant(row.id, row.time_zone, row.owner_email)

    async def add_user(self, tenant_id: str, *, email: str, role: str, engage: bool, key: str) -> ConnectUser:
        if role not in CONNECT_ROLES:
            raise ConnectRefused(f"connect has no role {role!r}")
        async with self._session() as session, session.begin():
            tenant = await self._tenant(session, tenant_id)
            email = email.lower()
            user = await self._user(session, tenant_id, email)
            values: dict[str, Any] = {"role": role, "engage": engage}
            if user is None:
                await session.execute(
                    insert(users).values(
                        id=_id("usr"),
                        tenant_id=tenant_id,
                        email=email,
                        owner=email == tenant.owner_email,
                        state="invited",
                        invitation_token=secrets.token_urlsafe(24),
                        invited_at=self.clock.now(),
                        sign_ins=0,
                        **values,
                    )
                )
            else:
                if user.state == "revoked" or (user.state == "invited" and user.invitation_token is None):
                    # added again after a lapse, or added in connect and now invited: a new invitation
                    values |= {"state": "invited", "invitation_token": secrets.token_urlsafe(24)}
                if user.state != "active":
                    values["invited_at"] = self.clock.now()
                await session.execute(update(users).where(users.c.id == user.id).values(**values))
            return await self._answer(session, tenant_id, email)

    async def change_role(self, tenant_id: str, user_id: str, *, role: str, key: str) -> ConnectUser:
        if role not in CONNECT_ROLES:
            raise ConnectRefused(f"connect has no role {role!r}")
        async with self._session() as session, session.begin():
            user = await self._user_by_id(session, tenant_id, user_id)
            await session.execute(update(users).where(users.c.id == user.id).values(role=role))
            return await self._answer(session, tenant_id, user.email)

    async def revoke_invitation(self, tenant_id: str, user_id: str) -> None:
        async with self._session() as session, session.begin():
            user = await self._user_by_id(session, tenant_id, user_id)
            if user.state == "invited":
                await session.execute(
                    update(users).where(users.c.id == user.id).values(state="revoked", invitation_token=None)
                )

    # what a person does in connect

    async def change_role_in_connect(self, tenant_id: str, email: str, role: str) -> int:
        if role not in CONNECT_ROLES:
            raise ConnectRefused(f"connect has no role {role!r}")
        async with self._session() as session, session.begin():
            user = await self._user(session, tenant_id, email.lower())
            if user is None:
                raise ConnectRefused(f"{email} is not a user of tenant {tenant_id}")
            await session.execute(update(users).where(users.c.id == user.id).values(role=role))
            answer = await self._answer(session, tenant_id, user.email)
            message = await self._webhook(session, "user.role_changed", answer)
        return await self._deliver(message)

    async def add_user_in_connect(self, tenant_id: str, email: str, role: str, *, engage: bool = True) -> int:
        if role not in CONNECT_ROLES:
            raise ConnectRefused(f"connect has no role {role!r}")
        async with self._session() as session, session.begin():
            tenant = await self._tenant(session, tenant_id)
            email = email.lower()
            existing = await self._user(session, tenant_id, email)
            if existing is not None and existing.state == "revoked":  # added again after a lapsed invitation
                await session.execute(
                    update(users).where(users.c.id == existing.id).values(role=role, engage=engage, state="invited")
                )
            elif existing is None:
                # R-CC-14: no connect invitation yet; cc_setup sends it once the platform account is active
                await session.execute(
                    insert(users).values(
                        id=_id("usr"),
                        tenant_id=tenant_id,
                        email=email,
                        role=role,
                        engage=engage,
                        owner=email == tenant.owner_email,
                        state="invited",
                        invitation_token=None,
                        sign_ins=0,
                    )
                )
            answer = await self._answer(session, tenant_id, email)
            message = await self._webhook(session, "user.added", answer)
        return await self._deliver(message)

    async def sign_in(self, tenant_id: str, email: str) -> int | None:
        """Sign the user in; answers the webhook's HTTP status for a first sign-in, None for a later one."""
        async with self._session() as session, session.begin():
            user = await self._user(session, tenant_id, email.lower())
            if user is None or user.state == "revoked" or (user.state == "invited" and user.invitation_token is None):
                raise SignInRefused(f"{email} has no connect invitation to sign in with")
            first = user.state == "invited"
            values: dict[str, Any] = {"sign_ins": user.sign_ins + 1}
            if first:
                values |= {"state": "active", "activated_at": self.clock.now(), "invitation_token": None}
            await session.execute(update(users).where(users.c.id == user.id).values(**values))
            if not first:
                return None
            answer = await self._answer(session, tenant_id, user.email)
            message = await self._webhook(session, "user.signed_in", answer)
        return await self._deliver(message)

    async def redeliver(self) -> list[int]:
        async with self._session() as session:
            pending = (await session.execute(select(webhooks.c.id).where(webhooks.c.delivered_at.is_(None)))).all()
        return [await self._deliver(row.id) for row in pending]

    # reads for tests

    async def tenant_of(self, customer_id: uuid.UUID) -> ConnectTenant | None:
        async with self._session() as session:
            row = (await session.execute(select(tenants).where(tenants.c.customer_id == customer_id))).first()
        return None if row is None else ConnectTenant(row.id, row.time_zone, row.owner_email)

    async def user(self, tenant_id: str, email: str) -> ConnectUser | None:
        async with self._session() as session:
            if await self._user(session, tenant_id, email.lower()) is None:
                return None
            return await self._answer(session, tenant_id, email.lower())

    async def webhooks(self, tenant_id: str) -> list[dict[str, Any]]:
        async with self._session() as session:
            rows = (await session.execute(select(webhooks).where(webhooks.c.tenant_id == tenant_id))).all()
        return [dict(r._mapping) for r in rows]

    # inside

    async def _tenant(self, session: AsyncSession, tenant_id: str) -> Any:
        row = (await session.execute(select(tenants).where(tenants.c.id == tenant_id))).one_or_none()
        if row is None:
            raise ConnectRefused(f"connect has no tenant {tenant_id}")
        return row

    async def _user(self, session: AsyncSession, tenant_id: str, email: str) -> Any:
        stmt = select(users).where(users.c.tenant_id == tenant_id, users.c.email == email)
        return (await session.execute(stmt)).one_or_none()

    async def _user_by_id(self, session: AsyncSession, tenant_id: str, user_id: str) -> Any:
        stmt = select(users).where(users.c.tenant_id == tenant_id, users.c.id == user_id)
        row = (await session.execute(stmt)).one_or_none()
        if row is None:
            raise ConnectRefused(f"connect has no user {user_id} in tenant {tenant_id}")
        return row

    async def _answer(self, session: AsyncSession, tenant_id: str, email: str) -> ConnectUser:
        row = await self._user(session, tenant_id, email)
        url = f"{self.invitation_base_url}/{row.invitation_token}" if row.invitation_token else None
        return ConnectUser(row.id, tenant_id, row.email, row.role, row.engage, row.state, url)

    async def _webhook(self, session: AsyncSession, kind: str, user: ConnectUser) -> str:
        message_id = _id("msg")
        data = {"tenant_id": user.tenant_id, "user_id": user.user_id, "email": user.email, "role": user.role}
        body = {"type": kind, "timestamp": self.clock.now().isoformat(), "data": data}
        await session.execute(
            insert(webhooks).values(id=message_id, tenant_id=user.tenant_id, type=kind, body=body, attempts=0)
        )
        return message_id

    async def _deliver(self, message_id: str) -> int:
        async with self._session() as session:
            row = (await session.execute(select(webhooks).where(webhooks.c.id == message_id))).one()
        body = json.dumps(row.body)
        sent_at = datetime.now(UTC)  # the receiver checks the signature's age against its wall clock
        headers = {
            "content-type": "application/json",
            "webhook-id": message_id,
            "webhook-timestamp": str(int(sent_at.timestamp())),
            "webhook-signature": self.signer.sign(message_id, sent_at, body),
        }
        status = await self._post(body, headers)  # no transaction held while connect waits for the answer
        delivered = self.clock.now() if 200 <= status < 300 else None
        async with self._session() as session, session.begin():
            await session.execute(
                update(webhooks)
                .where(webhooks.c.id == message_id)
                .values(attempts=row.attempts + 1, last_status=status, delivered_at=delivered)
            )
        return status

    async def _post(self, body: str, headers: dict[str, str]) -> int:
        if self.webhook_url is None:
            assert self._app is not None
            transport: httpx.AsyncBaseTransport = httpx.ASGITransport(app=self._app)
            url = f"http://cc-setup{INBOUND_PATH}"
        else:
            transport, url = httpx.AsyncHTTPTransport(), self.webhook_url
        try:
            async with httpx.AsyncClient(transport=transport, timeout=10) as client:
                return (await client.post(url, content=body, headers=headers)).status_code
        except httpx.HTTPError:
            return 0  # not delivered: `redeliver()` tries again


__all__ = ["SandboxConnect", "SignInRefused"]
