"""All SQL on administrator accounts (rows of a customer, seen through the tenant), their applied role changes and
the active contact centers."""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from datetime import datetime
from typing import Any

from sqlalchemy import select
from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.ext.asyncio import AsyncSession

from customers.account.models import Account, AccountRoleChange, ActiveContactCenter
from servicekit import PageRequest, TenantRepository, paginate


class AccountRepository(TenantRepository):
    async def get(self, customer_id: uuid.UUID, account_id: uuid.UUID, *, for_update: bool = False) -> Account | None:
        stmt = select(Account).where(
            self.in_tenant(Account.tenant_path), Account.customer_id == customer_id, Account.id == account_id
        )
        return await self.session.scalar(stmt.with_for_update() if for_update else stmt)

    async def by_id(self, account_id: uuid.UUID) -> Account | None:
        stmt = select(Account).where(self.in_tenant(Account.tenant_path), Account.id == account_id)
        return await self.session.scalar(stmt)

    async def by_email(self, customer_id: uuid.UUID, email: str, *, for_update: bool = False) -> Account | None:
        stmt = select(Account).where(
            self.in_tenant(Account.tenant_path), Account.customer_id == customer_id, Account.email == email
        )
        return await self.session.scalar(stmt.with_for_update() if for_update else stmt)

    async def all_by_email(self, email: str, customer_id: uuid.UUID | None) -> Sequence[Account]:
        stmt = select(Account).where(self.in_tenant(Account.tenant_path), Account.email == email)
        if customer_id is not None:
            stmt = stmt.where(Account.customer_id == customer_id)
        return (await self.session.scalars(stmt.order_by(Account.created_at, Account.id))).all()

    async def by_invitation(self, token_hash: str) -> Account | None:
        stmt = select(Account).where(self.in_tenant(Account.tenant_path), Account.invitation_hash == token_hash)
        return await self.session.scalar(stmt.with_for_update())

    async def insert_new(self, values: dict[str, Any]) -> bool:
        """Insert unless the customer has an account for the email already; whether it was inserted."""
        inserted = await self.session.scalar(
            pg_insert(Account)
            .values(**values, version=1)
            .on_conflict_do_nothing(constraint="uq_accounts_customer_email")
            .returning(Account.id)
        )
        return inserted is not None

    async def list(self, customer_id: uuid.UUID, page: PageRequest) -> Sequence[Account]:
        stmt = select(Account).where(self.in_tenant(Account.tenant_path), Account.customer_id == customer_id)
        return (await self.session.scalars(paginate(stmt, Account.created_at, Account.id, page))).all()

    async def record_change(self, change_id: uuid.UUID, account_id: uuid.UUID, role: str, origin: str) -> bool:
        """Record a role change by its id; False when that change was applied before."""
        inserted = await self.session.scalar(
            pg_insert(AccountRoleChange)
            .values(change_id=change_id, account_id=account_id, role=role, origin=origin)
            .on_conflict_do_nothing(index_elements=[AccountRoleChange.change_id])
            .returning(AccountRoleChange.change_id)
        )
        return inserted is not None

    async def change_applied(self, change_id: uuid.UUID) -> bool:
        stmt = select(AccountRoleChange.change_id).where(AccountRoleChange.change_id == change_id)
        return await self.session.scalar(stmt) is not None


class ContactCenterRepository:
    """The customers whose contact center is active: platform rows, keyed by customer."""

    def __init__(self, session: AsyncSession) -> None:
        self.session = session

    async def mark_active(self, customer_id: uuid.UUID, at: datetime) -> None:
        await self.session.execute(
            pg_insert(ActiveContactCenter)
            .values(customer_id=customer_id, activated_at=at)
            .on_conflict_do_nothing(index_elements=[ActiveContactCenter.customer_id])
        )

    async def is_active(self, customer_id: uuid.UUID) -> bool:
        stmt = select(ActiveContactCenter.customer_id).where(ActiveContactCenter.customer_id == customer_id)
        return await self.session.scalar(stmt) is not None
