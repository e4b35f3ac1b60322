"""The customer directory downstream services keep: it follows every lifecycle event, and only a provisioned
customer takes new work."""

from __future__ import annotations

import uuid
from collections.abc import Awaitable, Callable
from typing import TypedDict

import pytest

from contracts.enums import CustomerState, Role
from contracts.envelope import Envelope
from contracts.events import (
    CustomerCancelled,
    CustomerDeleted,
    CustomerPackagesProvisioned,
    CustomerProvisioned,
    CustomerResumed,
    CustomerSuspended,
    PackageStatus,
)
from contracts.events.customers import CustomerEvent
from devstack.in_process import InProcess, principal_below, root_principal
from servicekit import CustomerDirectory, CustomerNotActive, Principal

pytestmark = pytest.mark.asyncio(loop_scope="session")

Open = Callable[[str], Awaitable[InProcess]]


async def deliver(api: InProcess, event: CustomerEvent) -> None:
    """Apply one customer event as the service's consumer does, in the test's transaction."""
    directory = api.runtime.component(CustomerDirectory)
    async with api.session() as session, session.begin():
        await directory.handlers().apply(session, Envelope.wrap(event, source="/services/customers"))


class Tenancy(TypedDict):
    customer_id: uuid.UUID
    parent_id: uuid.UUID | None
    tenant_path: str


def customer_of(partner: Principal) -> Tenancy:
    """A new customer directly below the partner, as its events name it."""
    customer_id = uuid.uuid4()
    return Tenancy(
        customer_id=customer_id, parent_id=partner.customer_id, tenant_path=f"{partner.tenant_path}{customer_id.hex}/"
    )


async def state_seen(api: InProcess, partner: Principal, customer_id: uuid.UUID) -> str:
    response = await api.client(partner).get(f"/v1/customers/{customer_id}")
    assert response.status_code == 200, response.text
    state: str = response.json()["state"]
    return state


@pytest.mark.parametrize("service", ["pstn_orders", "cc_setup"])
async def test_a_suspended_customer_is_refused_new_work_until_it_is_resumed(in_process: Open, service: str) -> None:
    api = await in_process(service)
    partner = principal_below(root_principal(), Role.PARTNER_ADMIN)
    tenancy = customer_of(partner)
    customer_id = tenancy["customer_id"]
    directory = api.runtime.component(CustomerDirectory)

    await deliver(api, CustomerProvisioned(**tenancy, name="Fjord Logistics AS", country="NO"))
    failed = PackageStatus(package="meetings", status="failed", warnings=[], errors=["unreachable"])
    await deliver(
        api,
        CustomerPackagesProvisioned(**tenancy, state="provisioned_with_errors", packages=[failed]),
    )
    assert await state_seen(api, partner, customer_id) == "provisioned_with_errors"

    await deliver(api, CustomerSuspended(**tenancy, reason="unpaid invoices"))
    assert await state_seen(api, partner, customer_id) == "suspended"
    async with api.session() as session:
        with pytest.raises(CustomerNotActive) as refused:
            await directory.require_active(session, customer_id, principal=partner)
    assert refused.value.status == 409
    assert refused.value.extensions["state"] == CustomerState.SUSPENDED

    await deliver(api, CustomerResumed(**tenancy))
    assert await state_seen(api, partner, customer_id) == "provisioned_with_errors"  # back to where it was
    async with api.session() as session:
        active = await directory.require_active(session, customer_id, principal=partner)
    assert active.country == "NO"


async def test_cancelled_and_deleted_customers_stay_known_but_take_no_work(in_process: Open) -> None:
    api = await in_process("pstn_orders")
    partner = principal_below(root_principal(), Role.PARTNER_ADMIN)
    cancelled, deleted = customer_of(partner), customer_of(partner)
    for tenancy in (cancelled, deleted):
        await deliver(api, CustomerProvisioned(**tenancy, name="Fjord Logistics AS", country="NO"))

    await deliver(api, CustomerCancelled(**cancelled))
    await deliver(api, CustomerDeleted(**deleted))

    assert await state_seen(api, partner, cancelled["customer_id"]) == "cancelled"
    assert await state_seen(api, partner, deleted["customer_id"]) == "deleted"
    directory = api.runtime.component(CustomerDirectory)
    async with api.session() as session:
        for tenancy in (cancelled, deleted):
            with pytest.raises(CustomerNotActive):
                await directory.require_active(session, tenancy["customer_id"], principal=partner)


async def test_a_customer_outside_your_subtree_is_not_found(in_process: Open) -> None:
    # R-HIER-03: a sibling partner's customer is indistinguishable from one that does not exist.
    api = await in_process("pstn_orders")
    owner = principal_below(root_principal(), Role.PARTNER_ADMIN)
    sibling = principal_below(root_principal(), Role.PARTNER_ADMIN)
    tenancy = customer_of(owner)
    await deliver(api, CustomerProvisioned(**tenancy, name="Fjord Logistics AS", country="NO"))

    response = await api.client(sibling).get(f"/v1/customers/{tenancy['customer_id']}")

    assert response.status_code == 404
    assert response.json()["type"].endswith("/customer-not-found")


async def test_what_a_test_writes_in_process_is_rolled_back(in_process: Open) -> None:
    api = await in_process("pstn_orders")
    partner = principal_below(root_principal(), Role.PARTNER_ADMIN)
    tenancy = customer_of(partner)
    await deliver(api, CustomerProvisioned(**tenancy, name="Fjord Logistics AS", country="NO"))
    LEFT_BEHIND.append((partner, tenancy["customer_id"]))


async def test_the_previous_test_left_nothing_behind(in_process: Open) -> None:
    api = await in_process("pstn_orders")
    [(partner, customer_id)] = LEFT_BEHIND

    response = await api.client(partner).get(f"/v1/customers/{customer_id}")

    assert response.status_code == 404


LEFT_BEHIND: list[tuple[Principal, uuid.UUID]] = []  # what the first of the two tests above wrote
