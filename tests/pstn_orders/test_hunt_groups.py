"""Hunt groups and auto attendants (minimal: name, location, numbers): created, read, changed with If-Match,
deleted, each within the caller's tenancy, every change an event."""

from __future__ import annotations

import uuid

import pytest

from contracts.enums import Role
from contracts.events import CustomerSuspended
from devstack.in_process import principal_below, root_principal

pytestmark = pytest.mark.asyncio(loop_scope="session")


async def test_a_hunt_group_is_created_with_numbers_renumbered_and_deleted(numbers_world) -> None:
    world = numbers_world
    first, second, third = await world.numbers(3)
    groups = f"/v1/customers/{world.customer_id}/hunt-groups"

    created = await world.client().post(
        groups,
        json={"name": "Front desk", "location_id": str(world.location_id), "numbers": [first.number, second.number]},
    )

    assert created.status_code == 201, created.text
    group = created.json()
    assert (group["name"], group["numbers"]) == ("Front desk", sorted([first.number, second.number]))
    one = f"{groups}/{group['id']}"
    read = await world.client().get(one)
    assert read.json()["numbers"] == group["numbers"]
    assigned = await world.client().get(f"/v1/customers/{world.customer_id}/numbers", params={"state": "assigned"})
    assert {n["assignee_kind"] for n in assigned.json()["items"]} == {"hunt_group"}
    [event] = await world.events("pstn.hunt_group_created.v1")
    assert (event["hunt_group_id"], event["numbers"]) == (group["id"], group["numbers"])

    changed = await world.client().patch(
        one,
        json={"name": "Reception", "numbers": [second.number, third.number]},
        headers={"If-Match": read.headers["ETag"]},
    )

    assert changed.status_code == 200, changed.text
    assert changed.json()["numbers"] == sorted([second.number, third.number])
    assert changed.json()["version"] == group["version"] + 1
    stale = await world.client().patch(one, json={"name": "Lobby"}, headers={"If-Match": read.headers["ETag"]})
    assert stale.status_code == 412
    unassigned = await world.events("pstn.number_unassigned.v1")
    assert [e["number"] for e in unassigned] == [first.number]
    [updated] = await world.events("pstn.hunt_group_updated.v1")
    assert updated["name"] == "Reception"

    deleted = await world.client().delete(one, headers={"If-Match": changed.headers["ETag"]})

    assert deleted.status_code == 204
    missing = await world.client().get(one)
    assert missing.status_code == 404
    assert missing.json()["type"].endswith("/hunt-group-not-found")
    counts = (await world.client().get(f"/v1/customers/{world.customer_id}/number-counts")).json()
    assert (counts["unassigned"], counts["assigned"]) == (3, 0)  # its numbers stay the customer's
    [gone] = await world.events("pstn.hunt_group_deleted.v1")
    assert gone["numbers"] == sorted([second.number, third.number])


async def test_a_changed_number_set_alone_gives_a_new_etag(numbers_world) -> None:
    world = numbers_world
    [number] = await world.numbers(1)
    groups = f"/v1/customers/{world.customer_id}/hunt-groups"
    created = await world.client().post(groups, json={"name": "Sales", "location_id": str(world.location_id)})
    one = f"{groups}/{created.json()['id']}"

    changed = await world.client().patch(
        one, json={"numbers": [number.number]}, headers={"If-Match": created.headers["ETag"]}
    )

    assert changed.status_code == 200, changed.text
    assert changed.headers["ETag"] != created.headers["ETag"]


async def test_an_auto_attendant_answers_its_numbers(numbers_world) -> None:
    world = numbers_world
    [number] = await world.numbers(1)
    attendants = f"/v1/customers/{world.customer_id}/auto-attendants"

    created = await world.client().post(
        attendants, json={"name": "Main menu", "location_id": str(world.location_id), "numbers": [number.number]}
    )

    assert created.status_code == 201, created.text
    listed = await world.client().get(attendants)
    assert [(a["name"], a["numbers"]) for a in listed.json()["items"]] == [("Main menu", [number.number])]
    read = await world.client().get(f"/v1/customers/{world.customer_id}/numbers/{number.id}")
    assert (read.json()["assignee_kind"], read.json()["assignee_id"]) == ("auto_attendant", created.json()["id"])
    assert len(await world.events("pstn.auto_attendant_created.v1")) == 1


async def test_a_number_already_in_a_hunt_group_is_not_given_to_another(numbers_world) -> None:
    world = numbers_world
    [number] = await world.numbers(1)
    groups = f"/v1/customers/{world.customer_id}/hunt-groups"
    body = {"name": "Support", "location_id": str(world.location_id), "numbers": [number.number]}
    assert (await world.client().post(groups, json=body)).status_code == 201

    second = await world.client().post(groups, json=body | {"name": "Support 2"})

    assert second.status_code == 409
    assert second.json()["type"].endswith("/number-already-assigned")
    assert len((await world.client().get(groups)).json()["items"]) == 1  # nothing of the refused one stays


async def test_a_number_or_location_not_the_customers_is_refused_naming_the_field(numbers_world) -> None:
    # R-HIER-03: someone else's location, or a number the customer does not hold, is refused and changes nothing
    world = numbers_world
    groups = f"/v1/customers/{world.customer_id}/hunt-groups"

    foreign = await world.client().post(groups, json={"name": "Desk", "location_id": str(uuid.uuid4())})
    assert foreign.status_code == 422
    assert foreign.json()["rule"] == "R-HIER-03"
    assert foreign.json()["invalid_params"][0]["name"] == "location_id"

    not_held = await world.client().post(
        groups, json={"name": "Desk", "location_id": str(world.location_id), "numbers": ["+12125550100"]}
    )
    assert not_held.status_code == 422
    assert not_held.json()["invalid_params"][0]["name"] == "numbers[0]"

    malformed = await world.client().post(
        groups, json={"name": "Desk", "location_id": str(world.location_id), "numbers": ["12345"]}
    )
    assert malformed.status_code == 422
    assert (await world.client().get(groups)).json()["items"] == []


async def test_another_partners_hunt_groups_are_not_found(numbers_world) -> None:
    world = numbers_world
    groups = f"/v1/customers/{world.customer_id}/hunt-groups"
    created = await world.client().post(groups, json={"name": "Desk", "location_id": str(world.location_id)})
    stranger = principal_below(root_principal(), Role.PARTNER_ADMIN)

    for response in (
        await world.client(stranger).get(groups),
        await world.client(stranger).get(f"{groups}/{created.json()['id']}"),
        await world.client(stranger).delete(f"{groups}/{created.json()['id']}"),
    ):
        assert response.status_code == 404
    assert (await world.client().get(f"{groups}/{created.json()['id']}")).status_code == 200


async def test_creating_a_hunt_group_again_with_the_same_idempotency_key_answers_the_first(numbers_world) -> None:
    world = numbers_world
    groups = f"/v1/customers/{world.customer_id}/hunt-groups"
    body = {"name": "Desk", "location_id": str(world.location_id)}
    headers = {"Idempotency-Key": "hunt-group-1"}

    first = await world.client().post(groups, json=body, headers=headers)
    again = await world.client().post(groups, json=body, headers=headers)

    assert again.status_code == 201
    assert again.json()["id"] == first.json()["id"]
    assert len((await world.client().get(groups)).json()["items"]) == 1


async def test_a_suspended_customer_gets_no_new_hunt_group_or_numbers_in_one_but_may_tidy_up(numbers_world) -> None:
    world = numbers_world
    first, second = await world.numbers(2)
    groups = f"/v1/customers/{world.customer_id}/hunt-groups"
    created = await world.client().post(
        groups, json={"name": "Desk", "location_id": str(world.location_id), "numbers": [first.number]}
    )
    one = f"{groups}/{created.json()['id']}"
    await world.deliver(CustomerSuspended(**world.tenancy(), reason="unpaid invoices"))

    refused = await world.client().post(groups, json={"name": "Another", "location_id": str(world.location_id)})
    assert refused.status_code == 409
    assert refused.json()["type"].endswith("/customer-not-active")
    more = await world.client().patch(one, json={"numbers": [first.number, second.number]})
    assert more.status_code == 409
    renamed = await world.client().patch(one, json={"name": "Closed desk", "numbers": [first.number]})
    assert renamed.status_code == 200, renamed.text
    emptied = await world.client().patch(one, json={"numbers": []})
    assert emptied.json()["numbers"] == []
    assert (await world.client().delete(one)).status_code == 204
