"""A customer of an enrolled partner in pstn_orders alone (in process, rolled back), known from the customers
service's events, with one US location: what the setup tests start from."""

from __future__ import annotations

import uuid
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from typing import Any

import httpx
import pytest_asyncio
from sqlalchemy import select

from contracts.enums import Role
from contracts.envelope import Envelope, Event
from contracts.events import CustomerProvisioned, LocationAddress, LocationCreated, PstnProgrammeChanged
from devstack.in_process import InProcess, principal_below, root_principal
from pstn_orders.location.consumers import handlers as location_handlers
from pstn_orders.models import platform
from servicekit import CustomerDirectory, Principal

NEW_YORK = LocationAddress(
    house_number="350", street_name="5th", street_suffix="Ave", city="New York", state="NY", postal_code="10118",
    country="US",
)  # fmt: skip
# The same site as an emergency address takes it (valid as it is for the sandbox carrier).
NEW_YORK_ESA = {
    "house_number": "350", "street_name": "5th", "street_suffix": "AVE", "city": "NEW YORK", "state": "NY",
    "postal_code": "10118", "country": "US",
}  # fmt: skip
SIGNER = {"name": "Ada Lovelace", "email": "ada@hudson-bakery.example"}


@dataclass
class SetupWorld:
    api: InProcess
    partner: Principal
    customer: Principal  # the customer's own full administrator
    location_id: uuid.UUID

    @property
    def customer_id(self) -> uuid.UUID:
        return self.customer.customer_id

    def tenancy(self) -> dict[str, Any]:
        return {
            "customer_id": self.customer_id,
            "parent_id": self.partner.customer_id,
            "tenant_path": self.customer.tenant_path,
        }

    def client(self, principal: Principal | None = None) -> httpx.AsyncClient:
        return self.api.client(principal or self.partner)

    @property
    def base(self) -> str:
        return f"/v1/customers/{self.customer_id}"

    def at(self, location_id: uuid.UUID | None = None) -> str:
        return f"{self.base}/locations/{location_id or self.location_id}"

    async def deliver(self, event: Event) -> None:
        """Apply one customers-service event as pstn_orders' consumer does."""
        envelope = Envelope.wrap(event, source="/services/customers")
        own = location_handlers()
        async with self.api.session() as session, session.begin():
            if own.handles(envelope.type):
                await own.apply(session, envelope)
            else:
                await self.api.runtime.component(CustomerDirectory).handlers().apply(session, envelope)

    async def enrol_partner(self, *, addendum: bool = True) -> None:
        root = root_principal()
        await self.deliver(
            PstnProgrammeChanged(
                customer_id=self.partner.customer_id,
                parent_id=root.customer_id,
                tenant_path=self.partner.tenant_path,
                enrolled=True,
                calling_addendum_accepted_at="2026-12-01T09:00:00+00:00" if addendum else None,
            )
        )

    async def location(self, name: str = "Branch office", address: LocationAddress = NEW_YORK) -> uuid.UUID:
        location_id = uuid.uuid4()
        zone = "America/New_York" if address.country == "US" else "Europe/London"
        await self.deliver(
            LocationCreated(**self.tenancy(), location_id=location_id, name=name, address=address, time_zone=zone)
        )
        return location_id

    async def valid_address(self, location_id: uuid.UUID | None = None) -> dict[str, Any]:
        answer = await self.client().put(f"{self.at(location_id)}/emergency-address", json=NEW_YORK_ESA)
        assert answer.status_code == 200, answer.text
        assert answer.json()["status"] == "valid", answer.json()
        body: dict[str, Any] = answer.json()
        return body

    async def calling_plan(self, location_id: uuid.UUID | None = None, **overrides: Any) -> httpx.Response:
        body = {"type": "calling_plan", "signer": SIGNER} | overrides
        return await self.client().put(f"{self.at(location_id)}/pstn-connection", json=body)

    async def events(self, event_type: str) -> list[dict[str, Any]]:
        """The data of every event of this type the customer's changes put in pstn_orders' outbox (topic PSTN)."""
        outbox = platform.outbox
        async with self.api.session() as session:
            rows = await session.execute(
                select(outbox.c.payload, outbox.c.topic)
                .where(outbox.c.key == str(self.customer_id))
                .order_by(outbox.c.id)
            )
            found = [(p, topic) for (p, topic) in rows if p["type"] == event_type]
        assert all(topic == "pstn_orders.pstn.v1" for _, topic in found)
        return [p["data"] for p, _ in found]


async def new_world(
    api: InProcess, *, subscription: str = "paid", addons: dict[str, int] | None = None, enrolled: bool = True
) -> SetupWorld:
    partner = principal_below(root_principal(), Role.PARTNER_ADMIN)
    customer = principal_below(partner, Role.CUSTOMER_FULL_ADMIN)
    world = SetupWorld(api, partner, customer, uuid.uuid4())
    await world.deliver(
        CustomerProvisioned(
            **world.tenancy(),
            name="Hudson Valley Bakery LLC",
            country="US",
            subscription=subscription,
            contact_email="it@hudson-bakery.example",
            addons={"provider_calling_plan": 5} if addons is None else addons,
        )
    )
    if enrolled:
        await world.enrol_partner()
    world.location_id = await world.location("Head office")
    return world


@pytest_asyncio.fixture(loop_scope="session")
async def pstn_api(in_process: Callable[[str], Awaitable[InProcess]]) -> InProcess:
    return await in_process("pstn_orders")


@pytest_asyncio.fixture(loop_scope="session")
async def world(pstn_api: InProcess) -> SetupWorld:
    return await new_world(pstn_api)
