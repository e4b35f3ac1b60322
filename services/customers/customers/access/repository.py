"""All SQL on API clients. Credentials are looked up by client id before any caller, and so any tenant,
is known: a plain-session repository; managing one checks its customer through the caller's tenant first."""

from __future__ import annotations

import uuid
from collections.abc import Sequence

from sqlalchemy import Row, exists, select
from sqlalchemy.ext.asyncio import AsyncSession

from contracts.enums import CustomerState
from customers.access.models import ApiClient
from customers.models import Customer


class ApiClientRepository:
    def __init__(self, session: AsyncSession) -> None:
        self.session = session

    async def get(self, client_id: str) -> ApiClient | None:
        return await self.session.get(ApiClient, client_id)

    async def active_of(self, customer_id: uuid.UUID, client_id: str, *, for_update: bool = False) -> ApiClient | None:
        """A client of the customer, not revoked (the customer was found in the caller's subtree first)."""
        stmt = select(ApiClient).where(
            ApiClient.client_id == client_id, ApiClient.customer_id == customer_id, ApiClient.revoked_at.is_(None)
        )
        if for_update:
            stmt = stmt.with_for_update()
        return await self.session.scalar(stmt)

    async def list_of(self, customer_id: uuid.UUID) -> Sequence[ApiClient]:
        """The customer's clients not revoked, oldest first (a customer holds a handful)."""
        stmt = select(ApiClient).where(ApiClient.customer_id == customer_id, ApiClient.revoked_at.is_(None))
        return (await self.session.scalars(stmt.order_by(ApiClient.created_at, ApiClient.client_id))).all()

    async def active_with_customer(self, client_id: str) -> Row[ApiClient, str, CustomerState] | None:
        """A client not revoked, with its customer's tree path and state."""
        stmt = (
            select(ApiClient, Customer.path, Customer.state)
            .join(Customer, Customer.id == ApiClient.customer_id)
            .where(ApiClient.client_id == client_id, ApiClient.revoked_at.is_(None))
        )
        return (await self.session.execute(stmt)).first()

    async def standing(
        self, client_id: str, ancestors: Sequence[uuid.UUID], closed: Sequence[CustomerState]
    ) -> tuple[bool, CustomerState | None]:
        """Whether the client is revoked, and the state of a closed customer on its path (one round trip)."""
        revoked = exists().where(ApiClient.client_id == client_id, ApiClient.revoked_at.is_not(None))
        closed_state = (
            select(Customer.state).where(Customer.id.in_(ancestors), Customer.state.in_(closed)).limit(1)
        ).scalar_subquery()
        row = (await self.session.execute(select(revoked, closed_state))).one()
        return bool(row[0]), row[1]

    async def add(self, client: ApiClient) -> ApiClient:
        self.session.add(client)
        await self.session.flush()
        await self.session.refresh(client)
        return client
