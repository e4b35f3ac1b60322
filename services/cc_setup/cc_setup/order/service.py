"""Starting a contact-center trial or mapping a subscription order (R-CC-01): the same flow for both, by a partner
administrator or the customer's administrator; the setup wizard opens with it (R-CC-16)."""

from __future__ import annotations

import uuid

from sqlalchemy.ext.asyncio import AsyncSession

from cc_setup.catalogue import PSTN_ADDON, PSTN_ADDON_COUNTRIES
from cc_setup.order.errors import OrderExists, OrderNotFound, pstn_addon_refused
from cc_setup.order.models import ContactCenterOrder
from cc_setup.order.repository import OrderRepository
from cc_setup.order.schemas import SubscriptionOrderCreate, TrialCreate
from cc_setup.setup.service import SetupService
from contracts.events import ContactCenterOrderMapped, ContactCenterTrialStarted
from servicekit import CustomerDirectory, Principal, emit


class OrderService:
    def __init__(self, *, directory: CustomerDirectory, setups: SetupService) -> None:
        self.directory = directory
        self.setups = setups

    async def start_trial(
        self, session: AsyncSession, customer_id: uuid.UUID, data: TrialCreate, *, principal: Principal
    ) -> ContactCenterOrder:
        if PSTN_ADDON in data.addons:
            raise pstn_addon_refused("the contact-center PSTN add-on is not available to trials")  # R-CC-10
        order = await self._create(session, customer_id, data, kind="trial", reference=None, principal=principal)
        await emit(
            session,
            ContactCenterTrialStarted(
                customer_id=order.customer_id,
                tenant_path=order.tenant_path,
                order_id=order.id,
                country=order.country,
                administrator_email=order.administrator_email,
                licences=order.licences,
                addons=order.addons,
                started_by=principal.client_id,
            ),
        )
        return order

    async def map_subscription(
        self, session: AsyncSession, customer_id: uuid.UUID, data: SubscriptionOrderCreate, *, principal: Principal
    ) -> ContactCenterOrder:
        if PSTN_ADDON in data.addons and data.country not in PSTN_ADDON_COUNTRIES:
            raise pstn_addon_refused(
                f"the contact-center PSTN add-on is for the United States only, not {data.country}"  # R-CC-10
            )
        order = await self._create(
            session, customer_id, data, kind="subscription", reference=data.order_reference, principal=principal
        )
        await emit(
            session,
            ContactCenterOrderMapped(
                customer_id=order.customer_id,
                tenant_path=order.tenant_path,
                order_id=order.id,
                order_reference=data.order_reference,
                country=order.country,
                administrator_email=order.administrator_email,
                licences=order.licences,
                addons=order.addons,
                mapped_by=principal.client_id,
            ),
        )
        return order

    async def _create(
        self,
        session: AsyncSession,
        customer_id: uuid.UUID,
        data: TrialCreate | SubscriptionOrderCreate,
        *,
        kind: str,
        reference: str | None,
        principal: Principal,
    ) -> ContactCenterOrder:
        customer = await self.directory.require_active(session, customer_id, principal=principal)
        orders = OrderRepository.for_caller(session, principal)
        await orders.lock_customer(customer_id)
        if existing := await orders.of_customer(customer_id):
            raise OrderExists(customer_id, existing.kind)
        path = await self.setups.tenant_path_of(session, customer_id)
        order = await orders.add(
            ContactCenterOrder(
                customer_id=customer.customer_id,
                tenant_path=path,
                kind=kind,
                order_reference=reference,
                country=data.country,
                administrator_email=str(data.administrator_email),
                licences=data.licences.model_dump(),
                addons=sorted(set(data.addons)),
                created_by=principal.client_id,
            )
        )
        await self.setups.open(session, order)  # R-CC-16: setup can follow at once
        return order

    async def get(self, session: AsyncSession, customer_id: uuid.UUID, *, principal: Principal) -> ContactCenterOrder:
        await self.directory.get(session, customer_id, principal=principal)
        order = await OrderRepository.for_caller(session, principal).of_customer(customer_id)
        if order is None:
            raise OrderNotFound(customer_id)
        return order
