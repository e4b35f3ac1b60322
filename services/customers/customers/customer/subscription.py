"""What a customer subscribes to beyond its packages: trial or paid, and its add-ons (R-CUST-05)."""

from __future__ import annotations

import uuid

from sqlalchemy.ext.asyncio import AsyncSession

from contracts.events import CustomerAddonsChanged, CustomerSubscriptionChanged
from customers.customer.errors import AlreadyPaid
from customers.customer.schemas import AddonsUpdate
from customers.customer.service import CustomerService
from customers.events import tenancy
from customers.models import Customer
from customers.user.service import UserService
from servicekit import Principal, emit


class SubscriptionService:
    def __init__(self, *, customers: CustomerService, users: UserService) -> None:
        self.customers = customers
        self.users = users

    async def convert(
        self, session: AsyncSession, customer_id: uuid.UUID, *, principal: Principal, if_match: str | None
    ) -> Customer:
        """A trial becomes paid: R-PSTN-07's trial cap ends and porting opens (R-PSTN-31), on the event."""
        customer = await self.customers.for_change(session, customer_id, principal=principal, if_match=if_match)
        if customer.subscription == "paid":
            raise AlreadyPaid()
        previous, customer.subscription = customer.subscription, "paid"
        await session.flush()
        await emit(
            session,
            CustomerSubscriptionChanged(**tenancy(customer), subscription="paid", previous_subscription=previous),
        )
        return customer

    async def change_addons(
        self,
        session: AsyncSession,
        customer_id: uuid.UUID,
        data: AddonsUpdate,
        *,
        principal: Principal,
        if_match: str | None,
    ) -> Customer:
        customer = await self.customers.for_change(session, customer_id, principal=principal, if_match=if_match)
        await self.users.check_entitlement(session, {}, data.addons)  # R-CUST-05: catalogue add-ons, orderable
        previous = {code: int(quantity) for code, quantity in customer.addons.items()}
        if data.addons == previous:
            return customer  # nothing changed: no new version, no event
        customer.addons = dict(data.addons)
        await session.flush()
        await emit(
            session, CustomerAddonsChanged(**tenancy(customer), addons=dict(data.addons), previous_addons=previous)
        )
        return customer
