"""All SQL on customers. A repository is built for one tenant: it can only see that subtree (R-HIER-03)."""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import Select, select, tuple_
from sqlalchemy.ext.asyncio import AsyncSession

from contracts.enums import CustomerState
from customers.models import Customer
from servicekit import decode_cursor, paginate


class CustomerRepository:
    def __init__(self, session: AsyncSession, *, tenant_path: str) -> None:
        self.session = session
        self.tenant_path = tenant_path

    def _scoped(self) -> Select[tuple[Customer]]:
        # R-HIER-03: the tenant's subtree is a prefix range of the materialized path; nothing else is visible.
        return select(Customer).where(Customer.path.startswith(self.tenant_path, autoescape=True))

    async def get(self, customer_id: uuid.UUID, *, for_update: bool = False) -> Customer | None:
        stmt = self._scoped().where(Customer.id == customer_id)
        if for_update:
            stmt = stmt.with_for_update()
        return (await self.session.execute(stmt)).scalar_one_or_none()

    async def by_external_id(self, parent_id: uuid.UUID, external_id: str) -> Customer | None:
        stmt = self._scoped().where(Customer.parent_id == parent_id, Customer.external_id == external_id)
        return (await self.session.execute(stmt)).scalar_one_or_none()

    async def add(self, customer: Customer) -> Customer:
        self.session.add(customer)
        await self.session.flush()
        await self.session.refresh(customer)
        return customer

    async def list(self, filters: CustomerFilter, *, cursor: str | None, limit: int) -> Sequence[Customer]:
        stmt = self._scoped().where(Customer.path != self.tenant_path)
        if filters.parent_id is not None:
            stmt = stmt.where(Customer.parent_id == filters.parent_id)
        if filters.state is not None:
            stmt = stmt.where(Customer.state == filters.state)
        else:  # R-CUST-07: a cancelled customer leaves active listings; ask for state=cancelled to see it
            stmt = stmt.where(Customer.state.not_in((CustomerState.CANCELLED, CustomerState.DELETED)))
        if filters.external_id is not None:
            stmt = stmt.where(Customer.external_id == filters.external_id)
        if filters.name is not None:
            stmt = stmt.where(Customer.name.icontains(filters.name, autoescape=True))
        if filters.created_since is not None:
            stmt = stmt.where(Customer.created_at >= filters.created_since)
        if cursor:  # the cursor's bound as a row comparison too: the (created_at, id) index seeks straight to it
            stmt = stmt.where(tuple_(Customer.created_at, Customer.id) > tuple_(*decode_cursor(cursor)))
        stmt = paginate(stmt, Customer.created_at, Customer.id, cursor=cursor, limit=limit)
        return (await self.session.execute(stmt)).scalars().all()


@dataclass(frozen=True)
class CustomerFilter:
    state: CustomerState | None = None
    external_id: str | None = None
    parent_id: uuid.UUID | None = None  # direct children of this customer only
    name: str | None = None  # contained, case-insensitive
    created_since: datetime | None = None


def unscoped(session: AsyncSession) -> CustomerRepository:
    """For event consumers acting on the platform's behalf, never for requests."""
    return CustomerRepository(session, tenant_path="/")
