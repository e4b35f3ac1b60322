"""API clients and the tokens they exchange their credentials for (OAuth2 client credentials)."""

from __future__ import annotations

import secrets
import uuid
from collections.abc import Sequence
from datetime import datetime, timedelta

from sqlalchemy.ext.asyncio import AsyncSession

from contracts.enums import CustomerState, Role
from contracts.events import ApiClientRevoked
from customers.access.errors import (
    ApiClientNotFound,
    CustomerNotActive,
    InvalidClient,
    InvalidRequest,
    RoleNotGrantable,
    UnsupportedGrantType,
)
from customers.access.models import ApiClient
from customers.access.repository import ApiClientRepository
from customers.access.schemas import TokenRead
from customers.access.secrets import hash_secret, new_secret, verify_secret
from customers.customer.errors import CustomerNotFound
from customers.customer.repository import CustomerRepository
from customers.models import ROOT_CUSTOMER_ID, Customer
from servicekit import Clock, Principal, TokenIssuer, Unauthorized, emit, refusal_for, tenant_ancestors

# Roles a partner may hand to clients of its own subtree; platform roles stay with the root.
PARTNER_GRANTABLE = {Role.PARTNER_ADMIN, Role.CUSTOMER_FULL_ADMIN, Role.CUSTOMER_READONLY_ADMIN, Role.CUSTOMER_CC_ADMIN}
# A cancelled or failed organisation neither uses its clients nor gets new ones.
INACTIVE = (CustomerState.CANCELLED, CustomerState.ERROR)
# An organisation in one of these states, or below one, is refused at once on every service.
CLOSED = (CustomerState.SUSPENDED, CustomerState.CANCELLED, CustomerState.DELETED)


class AccessService:
    def __init__(self, *, issuer: TokenIssuer, clock: Clock, rotation_grace: timedelta) -> None:
        self.issuer = issuer
        self.clock = clock
        self.rotation_grace = rotation_grace

    async def issue_token(
        self, session: AsyncSession, grant_type: str | None, client_id: str | None, secret: str | None
    ) -> TokenRead:
        if not grant_type:
            raise InvalidRequest("grant_type is required (client_credentials).")
        if grant_type != "client_credentials":
            raise UnsupportedGrantType(f"grant_type {grant_type!r} is not supported; use client_credentials.")
        if not client_id or not secret:
            raise InvalidRequest("Send client_id and client_secret, as form fields or with HTTP Basic.")
        principal = await self.authenticate(session, client_id, secret)
        return TokenRead(access_token=self.issuer.issue(principal), expires_in=int(self.issuer.ttl.total_seconds()))

    def _secret_matches(self, client: ApiClient, secret: str) -> bool:
        if verify_secret(secret, client.secret_hash):
            return True
        expires = client.previous_secret_expires_at
        return (
            client.previous_secret_hash is not None
            and expires is not None
            and self.clock.now() < expires
            and verify_secret(secret, client.previous_secret_hash)
        )

    async def authenticate(self, session: AsyncSession, client_id: str, secret: str) -> Principal:
        row = await ApiClientRepository(session).active_with_customer(client_id)
        if row is None or not self._secret_matches(row.ApiClient, secret):
            raise InvalidClient()
        if row.state in INACTIVE:
            raise InvalidClient("The client's organisation is closed.")
        client = row.ApiClient
        principal = Principal(
            client_id=client.client_id,
            customer_id=client.customer_id,
            tenant_path=row.path,
            roles=frozenset(Role(r) for r in client.roles),
        )
        if refused := await self.refusal(session, principal):
            raise InvalidClient(refused.detail or refused.title)
        return principal

    async def refusal(self, session: AsyncSession, principal: Principal) -> Unauthorized | None:
        """Why a token of this principal is refused now (revoked client, closed organisation above it), if it is."""
        revoked, closed = await ApiClientRepository(session).standing(
            principal.client_id, tenant_ancestors(principal.tenant_path), CLOSED
        )
        return refusal_for(principal, revoked=revoked, closed_state=closed)

    async def _customer(self, session: AsyncSession, customer_id: uuid.UUID, principal: Principal) -> Customer:
        customer = await CustomerRepository.for_caller(session, principal).get(customer_id)
        if customer is None:
            raise CustomerNotFound(customer_id)
        return customer

    async def list_clients(
        self, session: AsyncSession, customer_id: uuid.UUID, *, principal: Principal
    ) -> Sequence[ApiClient]:
        await self._customer(session, customer_id, principal)  # R-HIER-03
        return await ApiClientRepository(session).list_of(customer_id)

    async def create_client(
        self, session: AsyncSession, customer_id: uuid.UUID, name: str, roles: list[Role], *, principal: Principal
    ) -> tuple[ApiClient, str]:
        """A new client of a customer of the caller's subtree, and its secret: shown once, stored hashed."""
        customer = await self._customer(session, customer_id, principal)
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

    async def _client(
        self, session: AsyncSession, customer_id: uuid.UUID, client_id: str, principal: Principal
    ) -> tuple[Customer, ApiClient]:
        customer = await self._customer(session, customer_id, principal)  # R-HIER-03
        client = await ApiClientRepository(session).active_of(customer_id, client_id, for_update=True)
        if client is None:
            raise ApiClientNotFound(client_id)
        return customer, client

    async def rotate_secret(
        self, session: AsyncSession, customer_id: uuid.UUID, client_id: str, *, principal: Principal
    ) -> tuple[ApiClient, str, datetime]:
        """A new secret for the client, shown once; the current one keeps working until the returned time."""
        _, client = await self._client(session, customer_id, client_id, principal)
        secret = new_secret()
        expires: datetime = self.clock.now() + self.rotation_grace
        client.previous_secret_hash, client.previous_secret_expires_at = client.secret_hash, expires
        client.secret_hash = hash_secret(secret)
        await session.flush()
        return client, secret, expires

    async def revoke(
        self, session: AsyncSession, customer_id: uuid.UUID, client_id: str, *, principal: Principal
    ) -> None:
        """Revoke the client: no new token, and every service refuses the tokens it holds at once."""
        customer, client = await self._client(session, customer_id, client_id, principal)
        client.revoked_at = self.clock.now()
        client.previous_secret_hash = client.previous_secret_expires_at = None
        await session.flush()
        await emit(
            session,
            ApiClientRevoked(
                customer_id=customer.id, parent_id=customer.parent_id, tenant_path=customer.path, client_id=client_id
            ),
        )

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
