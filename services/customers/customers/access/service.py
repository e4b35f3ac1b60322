"""API clients and the tokens they exchange their credentials for (OAuth2 client credentials)."""

from __future__ import annotations

import secrets
import uuid

from sqlalchemy.ext.asyncio import AsyncSession

from contracts.enums import CustomerState, Role
from customers.access.errors import CustomerNotActive, InvalidClient, RoleNotGrantable, UnsupportedGrantType
from customers.access.models import ApiClient
from customers.access.repository import ApiClientRepository
from customers.access.schemas import TokenRead
from customers.access.secrets import hash_secret, new_secret, verify_secret
from customers.customer.errors import CustomerNotFound
from customers.customer.repository import CustomerRepository
from customers.models import ROOT_CUSTOMER_ID
from servicekit import Principal, TokenIssuer

# Roles a partner may hand to clients of its own subtree; platform roles stay with the root.
PARTNER_GRANTABLE = {Role.PARTNER_ADMIN, Role.CUSTOMER_FULL_ADMIN, Role.CUSTOMER_READONLY_ADMIN, Role.CUSTOMER_CC_ADMIN}
# A cancelled or failed organisation neither uses its clients nor gets new ones.
INACTIVE = (CustomerState.CANCELLED, CustomerState.ERROR)


class AccessService:
    def __init__(self, *, issuer: TokenIssuer) -> None:
        self.issuer = issuer

    async def issue_token(self, session: AsyncSession, grant_type: str, client_id: str, secret: str) -> TokenRead:
        if grant_type != "client_credentials":
            raise UnsupportedGrantType(f"grant_type {grant_type!r} is not supported.")
        principal = await self.authenticate(session, client_id, secret)
        return TokenRead(access_token=self.issuer.issue(principal), expires_in=int(self.issuer.ttl.total_seconds()))

    async def authenticate(self, session: AsyncSession, client_id: str, secret: str) -> Principal:
        row = await ApiClientRepository(session).active_with_customer(client_id)
        if row is None or not verify_secret(secret, row.ApiClient.secret_hash):
            raise InvalidClient()
        if row.state in INACTIVE:
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
        """A new client of a customer of the caller's subtree, and its secret: shown once, stored hashed."""
        customer = await CustomerRepository.for_caller(session, principal).get(customer_id)
        if customer is None:
            raise CustomerNotFound(customer_id)
        if customer.state in INACTIVE:
            raise CustomerNotActive(f"Customer {customer_id} is {customer.state}.")
        if not principal.has(Role.PLATFORM_ROOT) and not set(roles) <= PARTNER_GRANTABLE:
            raise RoleNotGrantable(PARTNER_GRANTABLE)
        secret = new_secret()
        client = ApiClient(
            client_id=f"cl_{secrets.token_hex(8)}",
            customer_id=customer_id,
            name=name,
            secret_hash=hash_secret(secret),
            roles=sorted(set(roles)),
        )
        return await ApiClientRepository(session).add(client), secret

    async def ensure_bootstrap_client(self, session: AsyncSession, client_id: str, secret: str) -> None:
        """The platform root's first credential, from settings; its secret follows the settings."""
        clients = ApiClientRepository(session)
        client = await clients.get(client_id)
        if client is None:
            await clients.add(
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
