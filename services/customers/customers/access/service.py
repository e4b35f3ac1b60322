"""API clients and the tokens they exchange their credentials for (OAuth2 client credentials)."""

from __future__ import annotations

import secrets
import uuid

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from contracts.enums import CustomerState, Role
from customers.access.secrets import hash_secret, new_secret, verify_secret
from customers.customer.errors import CustomerNotFound
from customers.customer.repository import CustomerRepository
from customers.models import ROOT_CUSTOMER_ID, ApiClient, Customer
from servicekit import Conflict, Forbidden, Principal, Unauthorized

# Roles a partner may hand to clients of its own subtree; platform roles stay with the root.
PARTNER_GRANTABLE = {Role.PARTNER_ADMIN, Role.CUSTOMER_FULL_ADMIN, Role.CUSTOMER_READONLY_ADMIN, Role.CUSTOMER_CC_ADMIN}


class InvalidClient(Unauthorized):
    type = "invalid-client"
    title = "Unknown client or wrong secret"


class CustomerNotActive(Conflict):
    type = "customer-not-active"
    title = "The customer cannot hold API clients"


class AccessService:
    async def authenticate(self, session: AsyncSession, client_id: str, secret: str) -> Principal:
        row = (
            await session.execute(
                select(ApiClient, Customer.path, Customer.state)
                .join(Customer, Customer.id == ApiClient.customer_id)
                .where(ApiClient.client_id == client_id, ApiClient.revoked_at.is_(None))
            )
        ).first()
        if row is None or not verify_secret(secret, row.ApiClient.secret_hash):
            raise InvalidClient()
        if row.state in (CustomerState.CANCELLED, CustomerState.ERROR):
            raise InvalidClient("The client's organisation is closed.")
        client = row.ApiClient
        return Principal(
            client_id=client.client_id,
            customer_id=client.customer_id,
            tenant_path=row.path,
            roles=frozenset(Role(r) for r in client.roles),
        )

    async def create_client(
        self, session: AsyncSession, customer_id: uuid.UUID, name: str, roles: list[Role], *, principal: Principal
    ) -> tuple[ApiClient, str]:
        customer = await CustomerRepository(session, tenant_path=principal.tenant_path).get(customer_id)
        if customer is None:
            raise CustomerNotFound(customer_id)
        if customer.state in (CustomerState.CANCELLED, CustomerState.ERROR):
            raise CustomerNotActive(f"Customer {customer_id} is {customer.state}.")
        if not principal.has(Role.PLATFORM_ROOT) and not set(roles) <= PARTNER_GRANTABLE:
            raise Forbidden(f"You may grant only: {', '.join(sorted(PARTNER_GRANTABLE))}.")
        secret = new_secret()
        client = ApiClient(
            client_id=f"cl_{secrets.token_hex(8)}",
            customer_id=customer_id,
            name=name,
            secret_hash=hash_secret(secret),
            roles=sorted(set(roles)),
        )
        session.add(client)
        await session.flush()
        await session.refresh(client)
        return client, secret

    async def ensure_bootstrap_client(self, session: AsyncSession, client_id: str, secret: str) -> None:
        """The platform root's first credential, from settings; its secret follows the settings."""
        client = await session.get(ApiClient, client_id)
        if client is None:
            session.add(
                ApiClient(
                    client_id=client_id,
                    customer_id=ROOT_CUSTOMER_ID,
                    name="bootstrap root client",
                    secret_hash=hash_secret(secret),
                    roles=[Role.PLATFORM_ROOT, Role.SCREENING_REVIEWER],
                )
            )
        elif not verify_secret(secret, client.secret_hash):
            client.secret_hash = hash_secret(secret)


access_service = AccessService()
