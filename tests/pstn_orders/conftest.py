"""A calling customer in pstn_orders alone (in process, rolled back): known from its events, with a location,
users and numbers, for the numbers tests."""

from __future__ import annotations

import random
import uuid
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from typing import Any

import httpx
import pytest_asyncio
from sqlalchemy import select

from contracts.enums import Role
from contracts.envelope import Envelope, Event
from contracts.events import CustomerProvisioned, LocationAddress, LocationCreated, UserCreated
from devstack.in_process import InProcess, principal_below, root_principal
from pstn_orders.location.consumers import handlers as location_handlers
from pstn_orders.models import platform
from pstn_orders.number.models import PhoneNumber
from pstn_orders.user.consumers import handlers as user_handlers
from servicekit import CustomerDirectory, Principal

NEW_YORK = LocationAddress(
    house_number="350",
    street_name="5th",
    street_suffix="Ave",
    city="New York",
    state="NY",
    postal_code="10118",
    country="US",
)


@dataclass
class NumbersWorld:
    """One partner, one customer of it with a location, and what a test adds to them."""

    api: InProcess
    partner: Principal
    customer: Principal  # the customer's own full administrator
    location_id: uuid.UUID
    _used: set[str] = field(default_factory=set)

    @property
    def customer_id(self) -> uuid.UUID:
        return self.customer.customer_id

    def tenancy(self, who: Principal | None = None) -> dict[str, Any]:
        who = who or self.customer
        parent = self.partner.customer_id if who is self.customer else None
        return {"customer_id": who.customer_id, "parent_id": parent, "tenant_path": who.tenant_path}

    def client(self, principal: Principal | None = None) -> httpx.AsyncClient:
        return self.api.client(principal or self.partner)

    async def deliver(self, event: Event) -> None:
        """Apply one customers-service event as pstn_orders' consumer does."""
        envelope = Envelope.wrap(event, source="/services/customers")
        directory = self.api.runtime.component(CustomerDirectory).handlers()
        async with self.api.session() as session, session.begin():
            for handlers in (location_handlers(), user_handlers(), directory):
                if handlers.handles(envelope.type):
                    await handlers.apply(session, envelope)
                    return
            raise AssertionError(f"pstn_orders does not hear {envelope.type}")

    async def user(self, email: str = "kari@fjord.example") -> uuid.UUID:
        user_id = uuid.uuid4()
        await self.deliver(UserCreated(**self.tenancy(), user_id=user_id, email=email, role="user", package="calling"))
        return user_id

    async def location(self, name: str = "Branch office") -> uuid.UUID:
        location_id = uuid.uuid4()
        event = LocationCreated(
            **self.tenancy(), location_id=location_id, name=name, address=NEW_YORK, time_zone="America/New_York"
        )
        await self.deliver(event)
        return location_id

    def free_numbers(self, count: int, *, consecutive: bool = False) -> list[str]:
        """Numbers of the fictional 555-01XX range, none used before in this test."""
        if consecutive:
            start = random.choice(range(100, 200 - count + 1))
            numbers = [f"+1212555{n:04d}" for n in range(start, start + count)]
            if not self._used & set(numbers):
                self._used |= set(numbers)
                return numbers
            return self.free_numbers(count, consecutive=True)
        numbers = random.sample([f"+1{npa}555{n:04d}" for npa in (212, 646, 718) for n in range(100, 200)], count)
        numbers = [n for n in numbers if n not in self._used] or self.free_numbers(count)
        self._used |= set(numbers)
        return numbers

    async def numbers(
        self,
        count: int = 1,
        *,
        state: str = "unassigned",
        location_id: uuid.UUID | None = None,
        order_id: uuid.UUID | None = None,
        block_id: uuid.UUID | None = None,
        consecutive: bool = False,
        customer: Principal | None = None,
    ) -> list[PhoneNumber]:
        """Numbers the customer holds, as an order leaves them (pending) or the carrier activated them."""
        owner = customer or self.customer
        rows = [
            PhoneNumber(
                customer_id=owner.customer_id,
                tenant_path=owner.tenant_path,
                location_id=location_id or self.location_id,
                number=number,
                order_id=order_id,
                block_id=block_id,
                state=state,
                fulfilment="in_progress" if state == "pending" else "success",
            )
            for number in self.free_numbers(count, consecutive=consecutive)
        ]
        async with self.api.session() as session, session.begin():
            session.add_all(rows)
        return rows

    async def events(self, event_type: str) -> list[dict[str, Any]]:
        """The data of every event of this type the customer's changes put in pstn_orders' outbox."""
        outbox = platform.outbox
        async with self.api.session() as session:
            rows = await session.execute(
                select(outbox.c.payload).where(outbox.c.key == str(self.customer_id)).order_by(outbox.c.id)
            )
            return [p["data"] for (p,) in rows if p["type"] == event_type]


@pytest_asyncio.fixture(loop_scope="session")
async def numbers_world(in_process: Callable[[str], Awaitable[InProcess]]) -> NumbersWorld:
    api = await in_process("pstn_orders")
    partner = principal_below(root_principal(), Role.PARTNER_ADMIN)
    customer = principal_below(partner, Role.CUSTOMER_FULL_ADMIN)
    world = NumbersWorld(api, partner, customer, uuid.uuid4())
    await world.deliver(CustomerProvisioned(**world.tenancy(), name="Fjord Logistics Inc", country="US"))
    world.location_id = await world.location("Head office")
    return world
