"""Tokens refused before they expire: a revoked API client, or an organisation suspended, cancelled or deleted.

Every service keeps what it must refuse in its own tables (`revoked_clients`, `closed_tenants`), fed from the
customers topic by a consumer of its own group that `create_service_app` adds; `current_principal` asks with one
round trip of primary-key lookups per request. The customers service answers from its own tables instead.
"""

from __future__ import annotations

import uuid
from typing import Protocol

from sqlalchemy import delete, exists, select
from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.ext.asyncio import AsyncSession

from contracts.envelope import Envelope
from contracts.events import ApiClientRevoked, CustomerCancelled, CustomerDeleted, CustomerResumed, CustomerSuspended
from servicekit._auth import Principal
from servicekit._db import PlatformTables
from servicekit._errors import Unauthorized
from servicekit._inbox import EventHandlers


class TokenRevoked(Unauthorized):
    type = "token-revoked"
    title = "The API client was revoked"


class OrganisationSuspended(Unauthorized):
    type = "organisation-suspended"
    title = "The organisation is suspended"


class OrganisationClosed(Unauthorized):
    type = "organisation-closed"
    title = "The organisation is cancelled or deleted"


class CredentialCheck(Protocol):
    """Why a verified token is refused now, if it is (None: accept it)."""

    async def refusal(self, session: AsyncSession, principal: Principal) -> Unauthorized | None: ...


def tenant_ancestors(tenant_path: str) -> list[uuid.UUID]:
    """The customers on a tree path, root first, the path's own customer last."""
    ids = []
    for part in tenant_path.strip("/").split("/"):
        try:
            ids.append(uuid.UUID(hex=part))
        except ValueError:
            continue
    return ids


def refusal_for(principal: Principal, *, revoked: bool, closed_state: str | None) -> Unauthorized | None:
    if revoked:
        return TokenRevoked(f"API client {principal.client_id} was revoked; its tokens are no longer accepted.")
    if closed_state == "suspended":
        return OrganisationSuspended("Your organisation (or one above it) is suspended; its tokens are refused.")
    if closed_state is not None:
        return OrganisationClosed(f"Your organisation (or one above it) is {closed_state}; its tokens are refused.")
    return None


class Revocations:
    """A service's record of what it refuses, and the consumer that keeps it."""

    def __init__(self, tables: PlatformTables) -> None:
        self.revoked = tables.revoked_clients
        self.closed = tables.closed_tenants

    async def refusal(self, session: AsyncSession, principal: Principal) -> Unauthorized | None:
        revoked = exists().where(self.revoked.c.client_id == principal.client_id)
        closed = (
            select(self.closed.c.state)
            .where(self.closed.c.customer_id.in_(tenant_ancestors(principal.tenant_path)))
            .limit(1)
            .scalar_subquery()
        )
        row = (await session.execute(select(revoked, closed))).one()
        return refusal_for(principal, revoked=bool(row[0]), closed_state=row[1])

    async def _on_revoked(self, session: AsyncSession, event: ApiClientRevoked, _: Envelope) -> None:
        stmt = pg_insert(self.revoked).values(client_id=event.client_id, customer_id=event.customer_id)
        await session.execute(stmt.on_conflict_do_nothing(index_elements=[self.revoked.c.client_id]))

    async def _on_closed(
        self, session: AsyncSession, event: CustomerSuspended | CustomerCancelled | CustomerDeleted, _: Envelope
    ) -> None:
        state = {CustomerSuspended: "suspended", CustomerCancelled: "cancelled"}.get(type(event), "deleted")
        values = {"tenant_path": event.tenant_path, "state": state}
        stmt = pg_insert(self.closed).values(customer_id=event.customer_id, **values)
        await session.execute(stmt.on_conflict_do_update(index_elements=[self.closed.c.customer_id], set_=values))

    async def _on_resumed(self, session: AsyncSession, event: CustomerResumed, _: Envelope) -> None:
        await session.execute(
            delete(self.closed).where(
                self.closed.c.customer_id == event.customer_id, self.closed.c.state == "suspended"
            )
        )

    def handlers(self) -> EventHandlers:
        handlers = EventHandlers()
        handlers.add(ApiClientRevoked, self._on_revoked)
        handlers.add(CustomerSuspended, self._on_closed)
        handlers.add(CustomerCancelled, self._on_closed)
        handlers.add(CustomerDeleted, self._on_closed)
        handlers.add(CustomerResumed, self._on_resumed)
        return handlers
