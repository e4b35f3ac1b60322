"""All SQL on API clients. Credentials are looked up by client id before any caller, and so any tenant,
is known: a plain-session repository; creating one checks its customer through the caller's tenant first."""

from __future__ import annotations

from sqlalchemy import Row, select
from sqlalchemy.ext.asyncio import AsyncSession

from contracts.enums import CustomerState
from customers.access.models import ApiClient
from customers.models import Customer


class ApiClientRepository:
    def __init__(self, session: AsyncSession) -> None:
        self.session = session

    async def get(self, client_id: str) -> ApiClient | None:
        return await self.session.get(ApiClient, client_id)

    async def active_with_customer(self, client_id: str) -> Row[ApiClient, str, CustomerState] | None:
        """A client not revoked, with its customer's tree path and state."""
        stmt = (
            select(ApiClient, Customer.path, Customer.state)
            .join(Customer, Customer.id == ApiClient.customer_id)
            .where(ApiClient.client_id == client_id, ApiClient.revoked_at.is_(None))
        )
        return (await self.session.execute(stmt)).first()

    async def add(self, client: ApiClient) -> ApiClient:
        self.session.add(client)
        await self.session.flush()
        await self.session.refresh(client)
        return client
