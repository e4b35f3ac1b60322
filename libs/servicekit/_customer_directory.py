"""A local projection of the customer lifecycle: which customers exist here, in what state, on which terms
(trial or paid, add-on quantities).

Services downstream of customers (pstn_orders, cc_setup) keep one so they can answer "may this customer
order?" without reading another service's tables. It follows every lifecycle event, so a suspended or
cancelled customer is refused new work the moment its event arrives.
"""

from __future__ import annotations

import uuid
from datetime import datetime
from typing import Any, Literal

from fastapi import APIRouter
from pydantic import BaseModel, ConfigDict, Field
from sqlalchemy import Column, DateTime, MetaData, Row, String, Table, Uuid, func, select, text, update
from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.ext.asyncio import AsyncSession

from contracts.enums import CustomerState
from contracts.envelope import Envelope
from contracts.events import (
    CustomerAddonsChanged,
    CustomerCancelled,
    CustomerDeleted,
    CustomerFailed,
    CustomerPackagesProvisioned,
    CustomerProvisioned,
    CustomerResumed,
    CustomerSubscriptionChanged,
    CustomerSuspended,
)
from contracts.events.customers import CustomerEvent
from servicekit._auth import Principal
from servicekit._db import Json
from servicekit._errors import Conflict, NotFound
from servicekit._http import Caller, Session
from servicekit._inbox import EventHandlers
from servicekit._problem_handlers import PROBLEM_RESPONSES
from servicekit._repository import TenantRepository

ACTIVE = (CustomerState.PROVISIONED, CustomerState.PROVISIONED_WITH_ERRORS)

# The state each event puts the customer in; resumed goes back to the state it was suspended from. A customer
# is known here from its first provisioning on: before that it is onboarding, and no service works for it.
_STATE_AFTER: dict[type[CustomerEvent], CustomerState] = {
    CustomerProvisioned: CustomerState.PROVISIONED,
    CustomerFailed: CustomerState.ERROR,
    CustomerCancelled: CustomerState.CANCELLED,
    CustomerSuspended: CustomerState.SUSPENDED,
    CustomerDeleted: CustomerState.DELETED,
}


def known_customers_table(metadata: MetaData) -> Table:
    return Table(
        "known_customers",
        metadata,
        Column("customer_id", Uuid, primary_key=True),
        Column("tenant_path", String(4000), nullable=False),
        Column("state", String(40), nullable=False),
        Column("state_before_suspension", String(40)),
        Column("country", String(2)),
        Column("name", String(200)),
        Column("contact_email", String(320)),
        # trial | paid: a trial's numbers are limited and it ports none (R-PSTN-07)
        Column("subscription", String(10), nullable=False, server_default=text("'paid'")),
        Column("addons", Json, nullable=False, server_default=text("'{}'")),  # add-on code → quantity (R-CUST-05)
        Column("updated_at", DateTime(timezone=True), nullable=False, server_default=func.now()),
    )


class KnownCustomer(BaseModel):
    model_config = ConfigDict(
        json_schema_extra={
            "examples": [
                {
                    "customer_id": "0b9f6c2e-4a51-4c1e-9a0f-3d2b7e5c8a11",
                    "state": "provisioned",
                    "country": "NO",
                    "name": "Fjord Logistics AS",
                    "contact_email": "it@fjord-logistics.example",
                    "subscription": "paid",
                    "addons": {"provider_calling_plan": 25},
                    "updated_at": "2026-11-23T09:30:00Z",
                }
            ]
        }
    )

    customer_id: uuid.UUID
    state: CustomerState
    country: str | None
    name: str | None = None
    contact_email: str | None = None
    subscription: Literal["trial", "paid"] = "paid"
    addons: dict[str, int] = Field(default_factory=dict, description="Add-on code → quantity")
    updated_at: datetime

    @property
    def trial(self) -> bool:
        return self.subscription == "trial"


class CustomerNotKnown(NotFound):
    type = "customer-not-found"
    title = "Customer not found"
    rule = "R-HIER-03"

    def __init__(self, customer_id: uuid.UUID) -> None:
        super().__init__(
            f"Customer {customer_id} is not provisioned for this service (or not yours).", customer_id=str(customer_id)
        )


class CustomerNotActive(Conflict):
    type = "customer-not-active"
    title = "The customer cannot take new work"

    def __init__(self, customer_id: uuid.UUID, state: CustomerState) -> None:
        super().__init__(
            f"Customer {customer_id} is {state}; only a provisioned customer takes new work.",
            customer_id=str(customer_id),
            state=state,
        )


class _DirectoryRepository(TenantRepository):
    def __init__(self, session: AsyncSession, *, tenant_path: str, table: Table) -> None:
        super().__init__(session, tenant_path=tenant_path)
        self.table = table

    async def get(self, customer_id: uuid.UUID) -> Row[Any] | None:
        stmt = select(self.table).where(
            self.table.c.customer_id == customer_id, self.in_tenant(self.table.c.tenant_path)
        )
        return (await self.session.execute(stmt)).first()

    async def upsert(self, customer_id: uuid.UUID, values: dict[str, Any]) -> None:
        stmt = pg_insert(self.table).values(customer_id=customer_id, **values)
        await self.session.execute(stmt.on_conflict_do_update(index_elements=[self.table.c.customer_id], set_=values))

    async def change(self, customer_id: uuid.UUID, values: dict[str, Any]) -> None:
        """Only a customer already known: one not provisioned yet brings the same facts with its provisioning."""
        stmt = update(self.table).where(self.table.c.customer_id == customer_id).values(**values)
        await self.session.execute(stmt)


class CustomerDirectory:
    """The projection over one service's `known_customers` table: its consumer, its API, its question."""

    def __init__(self, table: Table) -> None:
        self.table = table

    def _repository(self, session: AsyncSession, principal: Principal | None = None) -> _DirectoryRepository:
        path = principal.tenant_path if principal else "/"  # events act for the platform
        return _DirectoryRepository(session, tenant_path=path, table=self.table)

    async def get(self, session: AsyncSession, customer_id: uuid.UUID, *, principal: Principal) -> KnownCustomer:
        row = await self._repository(session, principal).get(customer_id)
        if row is None:
            raise CustomerNotKnown(customer_id)
        return KnownCustomer.model_validate(row, from_attributes=True)

    async def require_active(
        self, session: AsyncSession, customer_id: uuid.UUID, *, principal: Principal
    ) -> KnownCustomer:
        """The customer, if it may be given new work here: provisioned, not suspended, cancelled or gone."""
        customer = await self.get(session, customer_id, principal=principal)
        if customer.state not in ACTIVE:
            raise CustomerNotActive(customer_id, customer.state)
        return customer

    async def _record(self, session: AsyncSession, event: CustomerEvent, _: Envelope) -> None:
        repository = self._repository(session)
        values: dict[str, Any] = {"tenant_path": event.tenant_path, "updated_at": func.now()}
        if isinstance(event, CustomerResumed):
            previous = await repository.get(event.customer_id)
            resumed = previous.state_before_suspension if previous else None
            values |= {"state": resumed or CustomerState.PROVISIONED, "state_before_suspension": None}
        elif isinstance(event, CustomerPackagesProvisioned):
            values["state"] = event.state
        else:
            values["state"] = _STATE_AFTER[type(event)]
        if isinstance(event, CustomerSuspended):
            previous = await repository.get(event.customer_id)
            values["state_before_suspension"] = previous.state if previous else CustomerState.PROVISIONED
        if isinstance(event, CustomerProvisioned):
            values |= {
                "country": event.country,
                "name": event.name[:200],
                "contact_email": event.contact_email,
                "subscription": event.subscription or "paid",
                "addons": event.addons or {},
            }
        await repository.upsert(event.customer_id, values)

    async def _record_terms(self, session: AsyncSession, event: CustomerEvent, _: Envelope) -> None:
        values: dict[str, Any] = {"updated_at": func.now()}
        if isinstance(event, CustomerSubscriptionChanged):
            values["subscription"] = event.subscription
        elif isinstance(event, CustomerAddonsChanged):
            values["addons"] = event.addons
        await self._repository(session).change(event.customer_id, values)

    def handlers(self) -> EventHandlers:
        handlers = EventHandlers()
        followed: list[type[CustomerEvent]] = [*_STATE_AFTER, CustomerResumed, CustomerPackagesProvisioned]
        for event_type in followed:
            handlers.add(event_type, self._record)
        handlers.add(CustomerSubscriptionChanged, self._record_terms)
        handlers.add(CustomerAddonsChanged, self._record_terms)
        return handlers

    def router(self) -> APIRouter:
        api = APIRouter(prefix="/v1/customers", tags=["customers"], responses=PROBLEM_RESPONSES)

        @api.get("/{customer_id}", operation_id="get_known_customer", response_model=KnownCustomer)
        async def get_known_customer(customer_id: uuid.UUID, session: Session, principal: Caller) -> KnownCustomer:
            """What this service knows of a customer of your subtree: its state as this service last heard it."""
            return await self.get(session, customer_id, principal=principal)

        return api
