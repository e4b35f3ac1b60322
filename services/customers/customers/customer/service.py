"""Customers of a caller's subtree once registered: reading them, their billing address, and their lifecycle
(cancel, delete, suspend, resume). Registration and provisioning are in onboarding.py."""

from __future__ import annotations

import uuid
from collections.abc import Sequence

from sqlalchemy.ext.asyncio import AsyncSession

from contracts.enums import CustomerState
from contracts.events import BillingAddress as BillingAddressEvent
from contracts.events import (
    CustomerBillingAddressChanged,
    CustomerCancelled,
    CustomerDeleted,
    CustomerResumed,
    CustomerSuspended,
)
from customers.customer.errors import CustomerClosed, CustomerNotFound, HasDependents, NotProvisioned, NotSuspended
from customers.customer.packages import live_state
from customers.customer.repository import CustomerRepository
from customers.customer.schemas import BillingAddressUpdate, CustomerFilter
from customers.dial_in.service import DialInDirectory
from customers.events import tenancy
from customers.models import Customer
from customers.user.repository import UserRepository
from servicekit import PageRequest, Principal, check_version, emit

CLOSED = (CustomerState.ERROR, CustomerState.CANCELLED, CustomerState.DELETED)
LIVE = (CustomerState.PROVISIONED, CustomerState.PROVISIONED_WITH_ERRORS)


class CustomerService:
    def __init__(self, *, dial_in: DialInDirectory) -> None:
        self.dial_in = dial_in

    async def get(self, session: AsyncSession, customer_id: uuid.UUID, *, principal: Principal) -> Customer:
        customer = await CustomerRepository.for_caller(session, principal).get(customer_id)
        if customer is None:
            raise CustomerNotFound(customer_id)
        return customer

    async def list(
        self, session: AsyncSession, page: PageRequest, *, principal: Principal, filters: CustomerFilter
    ) -> Sequence[Customer]:
        return await CustomerRepository.for_caller(session, principal).list(filters, page)

    async def change_billing_address(
        self,
        session: AsyncSession,
        customer_id: uuid.UUID,
        data: BillingAddressUpdate,
        *,
        principal: Principal,
        if_match: str | None,
    ) -> Customer:
        customer = await self.for_change(session, customer_id, principal=principal, if_match=if_match)
        address = data.billing_address
        customer.billing_address = address.model_dump(mode="json")
        customer.country = address.country  # R-CUST-08
        customer.dial_in_number, customer.dial_in_region = await self.dial_in.default_for(session, address.country)
        customer.screening_ref = screening_ref = uuid.uuid4()
        customer.screening_status = "pending"
        await session.flush()
        # R-RPL-01: a changed billing address is screened again.
        await emit(
            session,
            CustomerBillingAddressChanged(
                **tenancy(customer),
                name=customer.name,
                billing_address=BillingAddressEvent(**customer.billing_address),
                screening_ref=screening_ref,
            ),
        )
        return customer

    async def cancel(
        self, session: AsyncSession, customer_id: uuid.UUID, *, principal: Principal, if_match: str | None
    ) -> Customer:
        customer = await self.for_change(session, customer_id, principal=principal, if_match=if_match)
        customer.state = CustomerState.CANCELLED  # R-CUST-07: leaves active listings, history stays readable
        customer.screening_ref = None
        await session.flush()
        await emit(session, CustomerCancelled(**tenancy(customer)))
        return customer

    async def delete(
        self, session: AsyncSession, customer_id: uuid.UUID, *, principal: Principal, cascade: bool
    ) -> Sequence[Customer]:
        """R-HIER-09: refused while it has children or users, unless a cascade is asked for; ledgers stay."""
        customer = await self.for_change(session, customer_id, principal=principal, allow_closed=True)
        subtree = await CustomerRepository(session, tenant_path=customer.path).subtree()
        members = [member.id for member in subtree]
        children = [member for member in subtree if member.id != customer.id]
        users = UserRepository.for_caller(session, principal)
        held = await users.count_of(members)
        if (children or held) and not cascade:
            raise HasDependents(len(children), held)
        await users.delete_of(members)
        for member in subtree:
            member.state = CustomerState.DELETED
            member.screening_ref = None
            member.web_login = None  # free the login; the ledger and the record stay
            await session.flush()
            await emit(session, CustomerDeleted(**tenancy(member)))
        return subtree

    async def suspend(
        self, session: AsyncSession, customer_id: uuid.UUID, *, principal: Principal, reason: str | None
    ) -> Customer:
        customer = await self.for_change(session, customer_id, principal=principal)
        if customer.state not in LIVE:
            raise NotProvisioned(customer.state)
        customer.state = CustomerState.SUSPENDED
        await session.flush()
        await emit(session, CustomerSuspended(**tenancy(customer), reason=reason))
        return customer

    async def resume(self, session: AsyncSession, customer_id: uuid.UUID, *, principal: Principal) -> Customer:
        customer = await self.for_change(session, customer_id, principal=principal)
        if customer.state != CustomerState.SUSPENDED:
            raise NotSuspended(customer.state)
        customer.state = live_state(customer.package_status)  # back to what its packages' outcomes make it
        await session.flush()
        await emit(session, CustomerResumed(**tenancy(customer)))
        return customer

    async def for_change(
        self,
        session: AsyncSession,
        customer_id: uuid.UUID,
        *,
        principal: Principal,
        if_match: str | None = None,
        allow_closed: bool = False,
    ) -> Customer:
        """The customer locked for a change: strictly below the caller, as last read, and not closed."""
        customer = await CustomerRepository.for_caller(session, principal).get(customer_id, for_update=True)
        if customer is None or customer.id == principal.customer_id:
            raise CustomerNotFound(customer_id)
        check_version(if_match, customer.version, "customer")
        if customer.state == CustomerState.DELETED or (customer.state in CLOSED and not allow_closed):
            raise CustomerClosed(customer.state)
        return customer
