"""pstn_orders' projections of the customers service: locations as their events describe them, the partners'
PSTN programme, and the customer directory's subscription and add-ons."""

from __future__ import annotations

import asyncio
import uuid
from collections.abc import Awaitable, Callable
from typing import TypedDict

import pytest

from contracts.enums import Role
from contracts.envelope import Envelope
from contracts.events import (
    CustomerAddonsChanged,
    CustomerProvisioned,
    CustomerSubscriptionChanged,
    LocationAddress,
    LocationCreated,
    LocationDeleted,
    LocationUpdated,
    PstnProgrammeChanged,
)
from contracts.events.customers import CustomerEvent
from devstack import testing
from devstack.in_process import InProcess, principal_below, root_principal
from devstack.services import Services
from devstack.testing import Caller
from pstn_orders.location.consumers import handlers as location_handlers
from pstn_orders.location.repository import LocationRepository, partner_enrolled
from servicekit import CustomerDirectory, Principal

pytestmark = pytest.mark.asyncio(loop_scope="session")

Open = Callable[[str], Awaitable[InProcess]]
ADDRESS = LocationAddress(
    house_number="350",
    street_name="5th",
    street_suffix="Ave",
    city="New York",
    state="NY",
    postal_code="10118",
    country="US",
)


async def deliver(api: InProcess, event: CustomerEvent) -> None:
    """Apply one customer event as the service's consumer of the customers topic does."""
    envelope = Envelope.wrap(event, source="/services/customers")
    own = location_handlers()
    async with api.session() as session, session.begin():
        if own.handles(envelope.type):
            await own.apply(session, envelope)
        else:
            await api.runtime.component(CustomerDirectory).handlers().apply(session, envelope)


class Tenancy(TypedDict):
    customer_id: uuid.UUID
    parent_id: uuid.UUID | None
    tenant_path: str


def tenancy_below(parent: Principal) -> Tenancy:
    customer_id = uuid.uuid4()
    return Tenancy(
        customer_id=customer_id, parent_id=parent.customer_id, tenant_path=f"{parent.tenant_path}{customer_id.hex}/"
    )


def tenancy_of(principal: Principal, parent: Principal) -> Tenancy:
    return Tenancy(customer_id=principal.customer_id, parent_id=parent.customer_id, tenant_path=principal.tenant_path)


async def test_a_location_follows_its_events_and_is_gone_once_deleted(in_process: Open) -> None:
    api = await in_process("pstn_orders")
    partner = principal_below(root_principal(), Role.PARTNER_ADMIN)
    customer = tenancy_below(partner)
    location_id = uuid.uuid4()
    zone = "America/New_York"

    await deliver(
        api, LocationCreated(**customer, location_id=location_id, name="Head office", address=ADDRESS, time_zone=zone)
    )
    moved = ADDRESS.model_copy(update={"house_number": "20", "street_name": "Hudson Yards", "street_suffix": None})
    await deliver(api, LocationUpdated(**customer, location_id=location_id, name="HQ", address=moved, time_zone=zone))

    async with api.session() as session:
        location = await LocationRepository.for_caller(session, partner).get(location_id)
    assert location is not None
    assert (location.name, location.country, location.time_zone) == ("HQ", "US", "America/New_York")
    assert location.address["street_name"] == "Hudson Yards"
    assert location.address["country"] == "US"

    await deliver(api, LocationDeleted(**customer, location_id=location_id, name="HQ", address=moved, time_zone=zone))
    async with api.session() as session:
        assert await LocationRepository.for_caller(session, partner).get(location_id) is None
        assert await LocationRepository.for_caller(session, partner).of_customer(customer["customer_id"]) == []


async def test_a_location_outside_your_subtree_is_none(in_process: Open) -> None:
    # R-HIER-03: a sibling partner never sees the location.
    api = await in_process("pstn_orders")
    owner = principal_below(root_principal(), Role.PARTNER_ADMIN)
    sibling = principal_below(root_principal(), Role.PARTNER_ADMIN)
    location_id = uuid.uuid4()
    event = LocationCreated(
        **tenancy_below(owner),
        location_id=location_id,
        name="Depot",
        address=ADDRESS,
        time_zone="America/Chicago",
    )
    await deliver(api, event)

    async with api.session() as session:
        assert await LocationRepository.for_caller(session, sibling).get(location_id) is None
        assert await LocationRepository.for_caller(session, owner).get(location_id) is not None


async def test_a_customer_is_enrolled_through_its_partner_with_the_addendum_accepted(in_process: Open) -> None:
    # R-PSTN-02: the calling plan needs the partner enrolled with the calling addendum accepted.
    api = await in_process("pstn_orders")
    root = root_principal()
    partner = principal_below(root, Role.PARTNER_ADMIN)
    customer = tenancy_below(partner)
    path = customer["tenant_path"]
    partner_tenancy = tenancy_of(partner, root)

    async with api.session() as session:
        assert not await partner_enrolled(session, path)  # never heard of: not enrolled
    await deliver(api, PstnProgrammeChanged(**partner_tenancy, enrolled=True, calling_addendum_accepted_at=None))
    async with api.session() as session:
        assert not await partner_enrolled(session, path)  # enrolled, addendum not accepted yet
    accepted = "2026-12-01T10:00:00+00:00"
    await deliver(api, PstnProgrammeChanged(**partner_tenancy, enrolled=True, calling_addendum_accepted_at=accepted))
    async with api.session() as session:
        assert await partner_enrolled(session, path)
        assert not await partner_enrolled(session, partner.tenant_path)  # the partner's own parent is the root
    await deliver(api, PstnProgrammeChanged(**partner_tenancy, enrolled=False, calling_addendum_accepted_at=accepted))
    async with api.session() as session:
        assert not await partner_enrolled(session, path)


@pytest.mark.parametrize("service", ["pstn_orders", "cc_setup"])
async def test_the_directory_knows_the_subscription_and_addons(in_process: Open, service: str) -> None:
    # R-PSTN-07 and R-PSTN-31 ask whether the customer is on trial; R-PSTN-02 asks for its calling-plan add-on.
    api = await in_process(service)
    partner = principal_below(root_principal(), Role.PARTNER_ADMIN)
    customer = tenancy_below(partner)
    customer_id = customer["customer_id"]
    directory = api.runtime.component(CustomerDirectory)

    early = CustomerAddonsChanged(**customer, addons={"attendant_console": 1}, previous_addons={})
    await deliver(api, early)  # before provisioning: nothing known yet, and nothing made up
    provisioned = CustomerProvisioned(
        **customer,
        name="Hudson Bakery LLC",
        country="US",
        subscription="trial",
        contact_email="it@hudson-bakery.example",
        addons={"provider_calling_plan": 5},
    )
    await deliver(api, provisioned)
    async with api.session() as session:
        known = await directory.get(session, customer_id, principal=partner)
    assert (known.trial, known.name, known.contact_email) == (True, "Hudson Bakery LLC", "it@hudson-bakery.example")
    assert known.addons == {"provider_calling_plan": 5}

    await deliver(api, CustomerSubscriptionChanged(**customer, subscription="paid", previous_subscription="trial"))
    more = {"provider_calling_plan": 20}
    await deliver(api, CustomerAddonsChanged(**customer, addons=more, previous_addons={"provider_calling_plan": 5}))
    response = await api.client(partner).get(f"/v1/customers/{customer_id}")
    assert response.status_code == 200, response.text
    assert response.json()["subscription"] == "paid"
    assert response.json()["addons"] == more


async def test_a_customer_provisioned_before_subscriptions_existed_is_paid_without_addons(in_process: Open) -> None:
    api = await in_process("pstn_orders")
    partner = principal_below(root_principal(), Role.PARTNER_ADMIN)
    customer = tenancy_below(partner)
    await deliver(api, CustomerProvisioned(**customer, name="Fjord Logistics AS", country="NO"))

    async with api.session() as session:
        known = await api.runtime.component(CustomerDirectory).get(session, customer["customer_id"], principal=partner)
    assert (known.subscription, known.addons) == ("paid", {})


async def test_a_calling_customers_location_reaches_pstn_orders_and_leaves_it_once_deleted(
    services: Services, partner: Caller, root: Caller
) -> None:
    # R-PSTN-02: pstn_orders learns the partner's enrolment with the location it serves.
    calling = await testing.calling_customer(services, partner, root, state="TX")
    try:
        path = f"/v1/customers/{calling.customer_id}/locations/{calling.location_id}"
        known = await calling.admin.pstn.get(path)
        assert (
            known.json() | {"country": "US", "time_zone": "America/Chicago", "partner_enrolled": True} == known.json()
        )
        assert known.json()["address"]["state"] == "TX"

        deleted = await calling.admin.customers.delete(path)
        assert deleted.status_code == 204
        for _ in range(300):
            if (await calling.admin.pstn.get(path)).status_code == 404:
                break
            await asyncio.sleep(0.1)
        gone = await calling.admin.pstn.get(path)
        assert gone.status_code == 404
        assert gone.json()["type"].endswith("/location-not-found")
        other = await partner.pstn.get(f"/v1/customers/{uuid.uuid4()}/locations/{calling.location_id}")
        assert other.status_code == 404
    finally:
        await calling.admin.aclose()
