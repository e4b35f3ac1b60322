"""All SQL on users (rows of a customer, seen through the tenant) and on the package catalogue (managed data)."""

from __future__ import annotations

import uuid
from collections.abc import Sequence

from sqlalchemy import delete, func, select
from sqlalchemy.ext.asyncio import AsyncSession

from customers.customer.repository import CustomerOwnedRepository
from customers.user.models import CatalogueItem, User
from servicekit import PageRequest, paginate


class UserRepository(CustomerOwnedRepository):
    async def get(self, customer_id: uuid.UUID, user_id: uuid.UUID) -> User | None:
        stmt = select(User).where(self.of_tenant(User.customer_id), User.id == user_id, User.customer_id == customer_id)
        return await self.session.scalar(stmt)

    async def email_taken(self, customer_id: uuid.UUID, email: str) -> bool:
        stmt = select(User.id).where(
            self.of_tenant(User.customer_id), User.customer_id == customer_id, User.email == email
        )
        return await self.session.scalar(stmt) is not None

    async def number_taken(
        self, customer_id: uuid.UUID, *, extension: str | None, phone_number: str | None
    ) -> str | None:
        """Which of the two a user of the customer already holds: "extension", "phone_number" or None."""
        for field, column, value in (
            ("extension", User.extension, extension),
            ("phone_number", User.phone_number, phone_number),
        ):
            if value is None:
                continue
            stmt = select(User.id).where(
                self.of_tenant(User.customer_id), User.customer_id == customer_id, column == value
            )
            if await self.session.scalar(stmt.limit(1)) is not None:
                return field
        return None

    async def seats_taken(self, customer_id: uuid.UUID, package: str) -> int:
        stmt = (
            select(func.count())
            .select_from(User)
            .where(self.of_tenant(User.customer_id), User.customer_id == customer_id, User.package == package)
        )
        return (await self.session.execute(stmt)).scalar_one()

    async def add(self, user: User) -> User:
        self.session.add(user)
        await self.session.flush()
        await self.session.refresh(user)
        return user

    async def list(self, customer_id: uuid.UUID, page: PageRequest) -> Sequence[User]:
        stmt = select(User).where(self.of_tenant(User.customer_id), User.customer_id == customer_id)
        return (await self.session.scalars(paginate(stmt, User.created_at, User.id, page))).all()

    async def count_of(self, customer_ids: Sequence[uuid.UUID]) -> int:
        stmt = select(func.count()).select_from(User).where(self.of_tenant(User.customer_id))
        return (await self.session.execute(stmt.where(User.customer_id.in_(customer_ids)))).scalar_one()

    async def delete_of(self, customer_ids: Sequence[uuid.UUID]) -> None:
        stmt = delete(User).where(self.of_tenant(User.customer_id), User.customer_id.in_(customer_ids))
        await self.session.execute(stmt)


class CatalogueRepository:
    """Packages and add-ons: the platform's managed data, the same for every tenant."""

    def __init__(self, session: AsyncSession) -> None:
        self.session = session

    async def all(self) -> Sequence[CatalogueItem]:
        return (await self.session.scalars(select(CatalogueItem))).all()

    async def get(self, code: str) -> CatalogueItem | None:
        return await self.session.get(CatalogueItem, code)
