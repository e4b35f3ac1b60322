"""A customer's numbers: listed by state and within an order, counted per customer and location (R-PSTN-38),
activated with their billing basis (R-PSTN-23), released at the carrier (a block only whole, R-PSTN-13)."""

from __future__ import annotations

import uuid
from datetime import UTC, datetime

import pytest
from sqlalchemy import select

from contracts.enums import Role
from devstack.in_process import principal_below, root_principal
from pstn_orders.number.lifecycle import NumberLifecycle
from pstn_orders.number.models import PhoneNumber

pytestmark = pytest.mark.asyncio(loop_scope="session")


async def listed(world, **params: str) -> list[str]:
    response = await world.client().get(f"/v1/customers/{world.customer_id}/numbers", params=params)
    assert response.status_code == 200, response.text
    return sorted(n["number"] for n in response.json()["items"])


async def test_numbers_are_listed_by_state_and_all_means_every_number_held(numbers_world) -> None:
    # R-PSTN-38: pending, unassigned, assigned, all
    world = numbers_world
    pending = await world.numbers(2, state="pending")
    unassigned = await world.numbers(3)
    assigned = await world.numbers(1, state="assigned")
    released = await world.numbers(1, state="released")

    assert await listed(world, state="pending") == sorted(n.number for n in pending)
    assert await listed(world, state="unassigned") == sorted(n.number for n in unassigned)
    assert await listed(world, state="assigned") == sorted(n.number for n in assigned)
    assert await listed(world) == sorted(n.number for n in [*pending, *unassigned, *assigned])
    assert await listed(world, state="released") == [released[0].number]


async def test_numbers_are_searchable_within_an_order_with_each_numbers_fulfilment(numbers_world) -> None:
    # R-PSTN-38: numbers are searchable within an order; each shows in progress, success or failed
    world = numbers_world
    order_id = uuid.uuid4()
    ordered = await world.numbers(4, state="pending", order_id=order_id, consecutive=True)
    await world.numbers(2)  # another order's

    assert await listed(world, order_id=str(order_id)) == [n.number for n in ordered]
    wanted = ordered[2].number
    assert await listed(world, order_id=str(order_id), contains=wanted[-4:]) == [wanted]
    response = await world.client().get(
        f"/v1/customers/{world.customer_id}/numbers", params={"order_id": str(order_id)}
    )
    assert {n["fulfilment"] for n in response.json()["items"]} == {"in_progress"}


async def test_a_malformed_search_pattern_is_refused_naming_the_field(numbers_world) -> None:
    world = numbers_world
    response = await world.client().get(f"/v1/customers/{world.customer_id}/numbers", params={"contains": "12a"})
    assert response.status_code == 422
    assert "contains" in response.text
    response = await world.client().get(f"/v1/customers/{world.customer_id}/numbers", params={"state": "lost"})
    assert response.status_code == 422


async def test_numbers_are_counted_per_customer_and_per_location(numbers_world) -> None:
    # R-PSTN-38: counts per customer (and per location)
    world = numbers_world
    branch = await world.location("Branch")
    await world.numbers(2, state="pending")
    await world.numbers(3)
    await world.numbers(1, state="assigned", location_id=branch)
    await world.numbers(1, state="released", location_id=branch)

    response = await world.client().get(f"/v1/customers/{world.customer_id}/number-counts")

    assert response.status_code == 200, response.text
    counts = response.json()
    assert (counts["pending"], counts["unassigned"], counts["assigned"], counts["total"]) == (2, 3, 1, 6)
    by_location = {
        c["location_id"]: (c["pending"], c["unassigned"], c["assigned"], c["total"]) for c in counts["locations"]
    }
    assert by_location == {str(world.location_id): (2, 3, 0, 5), str(branch): (0, 0, 1, 1)}


async def test_another_partners_customer_numbers_are_not_found(numbers_world) -> None:
    # R-HIER-03: outside the caller's subtree, the customer and its numbers do not exist
    world = numbers_world
    [number] = await world.numbers(1)
    stranger = principal_below(root_principal(), Role.PARTNER_ADMIN)

    for path in ("numbers", "number-counts", f"numbers/{number.id}"):
        response = await world.client(stranger).get(f"/v1/customers/{world.customer_id}/{path}")
        assert response.status_code == 404, path
    response = await world.client(stranger).delete(f"/v1/customers/{world.customer_id}/numbers/{number.id}")
    assert response.status_code == 404
    assert await listed(world, state="unassigned") == [number.number]


async def test_activation_makes_a_number_the_customers_and_starts_its_billing_with_the_proration_basis(
    numbers_world,
) -> None:
    # R-PSTN-23: numbers bill at once (at activation), prorated over the rest of the month
    world = numbers_world
    order_id = uuid.uuid4()
    await world.numbers(2, state="pending", order_id=order_id)
    lifecycle = world.api.runtime.component(NumberLifecycle)
    at = datetime(2026, 12, 10, 15, 30, tzinfo=UTC)

    async with world.api.session() as session, session.begin():
        held = (await session.scalars(select(PhoneNumber).where(PhoneNumber.order_id == order_id))).all()
        await lifecycle.activate(session, held[:1], at=at)
        await lifecycle.fail(session, held[1:], reasons={held[1].number: "taken at the carrier"})
        await lifecycle.activate(session, held[:1], at=at)  # a repeated callback changes nothing

    response = await world.client().get(
        f"/v1/customers/{world.customer_id}/numbers", params={"order_id": str(order_id)}
    )
    by_number = {n["number"]: n for n in response.json()["items"]}
    assert list(by_number) == [held[0].number]  # the failed one is not the customer's
    assert by_number[held[0].number]["state"] == "unassigned"
    assert by_number[held[0].number]["fulfilment"] == "success"
    [billing] = await world.events("pstn.number_billing_started.v1")
    assert billing["number"] == held[0].number
    assert (billing["billing_starts_on"], billing["days_in_month"], billing["billed_days"]) == ("2026-12-10", 31, 22)
    assert [e["number"] for e in await world.events("pstn.number_activated.v1")] == [held[0].number]
    [failed] = await world.events("pstn.number_provisioning_failed.v1")
    assert (failed["number"], failed["reason"]) == (held[1].number, "taken at the carrier")
    released = await listed(world, state="released", order_id=str(order_id))
    assert released == [held[1].number]


async def test_an_unassigned_number_is_released_and_disconnected_at_the_carrier(numbers_world) -> None:
    world = numbers_world
    [number] = await world.numbers(1)

    response = await world.client().delete(f"/v1/customers/{world.customer_id}/numbers/{number.id}")

    assert response.status_code == 200, response.text
    assert response.json()["state"] == "released"
    assert await listed(world) == []
    [event] = await world.events("pstn.number_released.v1")
    assert event["number"] == number.number


async def test_an_assigned_or_pending_number_is_not_released(numbers_world) -> None:
    world = numbers_world
    [assigned] = await world.numbers(1, state="assigned")
    [pending] = await world.numbers(1, state="pending")

    for number, problem in ((assigned, "number-in-use"), (pending, "number-not-active")):
        response = await world.client().delete(f"/v1/customers/{world.customer_id}/numbers/{number.id}")
        assert response.status_code == 409
        assert response.json()["type"].endswith(problem)
    assert await listed(world) == sorted([assigned.number, pending.number])


async def test_a_blocks_numbers_are_released_only_as_the_whole_block(numbers_world) -> None:
    # R-PSTN-13: the numbers of a block can only be deleted by deleting the whole block
    world = numbers_world
    block_id = uuid.uuid4()
    block = await world.numbers(10, block_id=block_id, consecutive=True)

    one = await world.client().delete(f"/v1/customers/{world.customer_id}/numbers/{block[3].id}")

    assert one.status_code == 409
    assert one.json()["rule"] == "R-PSTN-13"
    assert one.json()["block_id"] == str(block_id)
    assert len(await listed(world, state="unassigned")) == 10

    whole = await world.client().delete(f"/v1/customers/{world.customer_id}/number-blocks/{block_id}")

    assert whole.status_code == 200, whole.text
    assert whole.json()["numbers"] == [n.number for n in block]
    assert await listed(world) == []
    assert len(await world.events("pstn.number_released.v1")) == 10


async def test_a_block_with_an_assigned_number_is_not_released_at_all(numbers_world) -> None:
    # R-PSTN-13: all of the block or none of it
    world = numbers_world
    block_id = uuid.uuid4()
    await world.numbers(9, block_id=block_id, consecutive=True)
    [in_use] = await world.numbers(1, block_id=block_id, state="assigned")

    response = await world.client().delete(f"/v1/customers/{world.customer_id}/number-blocks/{block_id}")

    assert response.status_code == 409
    assert response.json()["numbers"] == [in_use.number]
    assert len(await listed(world)) == 10
    assert await world.events("pstn.number_released.v1") == []
