"""All SQL on customers. A repository is built for one tenant and sees only that subtree (R-HIER-03)."""

from __future__ import annotations

import uuid
from collections.abc import Sequence

from sqlalchemy import ColumnElement, select
from sqlalchemy.orm import InstrumentedAttribute

from contracts.enums import CustomerState
from customers.customer.schemas import CustomerFilter
from customers.models import Customer
from servicekit import PageRequest, TenantRepository, paginate


class CustomerRepository(TenantRepository):
    async def get(self, customer_id: uuid.UUID, *, for_update: bool = False) -> Customer | None:
        stmt = select(Customer).where(self.in_tenant(Customer.path), Customer.id == customer_id)
        if for_update:
            stmt = stmt.with_for_update()
        return await self.session.scalar(stmt)

    async def by_external_id(self, parent_id: uuid.UUID, external_id: str) -> Customer | None:
        stmt = select(Customer).where(
            self.in_tenant(Customer.path), Customer.parent_id == parent_id, Customer.external_id == external_id
        )
        return await self.session.scalar(stmt)

    async def web_login_taken(self, web_login: str) -> bool:
        # A web login is unique across the platform, not only in the tenant's subtree.
        return await self.session.scalar(select(Customer.id).where(Customer.web_login == web_login)) is not None

    async def add(self, customer: Customer) -> Customer:
        self.session.add(customer)
        await self.session.flush()
        await self.session.refresh(customer)
        return customer

    async def list(self, filters: CustomerFilter, page: PageRequest) -> Sequence[Customer]:
        stmt = select(Customer).where(self.in_tenant(Customer.path), Customer.path != self.tenant_path)
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
        return (await self.session.scalars(paginate(stmt, Customer.created_at, Customer.id, page))).all()

    async def subtree(self) -> Sequence[Customer]:
        """Every customer of the subtree not yet deleted, its top included: deepest first, locked."""
        stmt = (
            select(Customer)
            .where(self.in_tenant(Customer.path), Customer.state != CustomerState.DELETED)
            .order_by(Customer.path.desc())
            .with_for_update()
        )
        return (await self.session.scalars(stmt)).all()


class CustomerOwnedRepository(TenantRepository):
    """Base of repositories over rows that belong to one customer (users, tariffs, ledger entries):
    a row is in the tenant when its customer is."""

    def of_tenant(self, customer_id: InstrumentedAttribute[uuid.UUID]) -> ColumnElement[bool]:
        return customer_id.in_(select(Customer.id).where(self.in_tenant(Customer.path)))
