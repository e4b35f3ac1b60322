"""Numbers assigned to a user (known from the customers service's events), a hunt group or an auto attendant,
and unassigned; a suspended or cancelled customer's numbers are not newly assigned."""

from __future__ import annotations

import uuid

import pytest

from contracts.enums import Role
from contracts.events import (
    CustomerCancelled,
    CustomerProvisioned,
    CustomerResumed,
    CustomerSuspended,
    UserPackageChanged,
)
from devstack.in_process import principal_below, root_principal

pytestmark = pytest.mark.asyncio(loop_scope="session")


def assignment(world, number_id: uuid.UUID) -> str:
    return f"/v1/customers/{world.customer_id}/numbers/{number_id}/assignment"


async def test_a_number_is_assigned_to_a_user_and_unassigned_again(numbers_world) -> None:
    world = numbers_world
    user_id = await world.user()
    [number] = await world.numbers(1)

    assigned = await world.client().put(
        assignment(world, number.id), json={"assignee_kind": "user", "assignee_id": str(user_id)}
    )

    assert assigned.status_code == 200, assigned.text
    assert (assigned.json()["state"], assigned.json()["assignee_id"]) == ("assigned", str(user_id))
    user = await world.client().get(f"/v1/customers/{world.customer_id}/users/{user_id}")
    assert user.json()["numbers"] == [number.number]
    [event] = await world.events("pstn.number_assigned.v1")
    assert (event["number"], event["assignee_kind"], event["assignee_id"]) == (number.number, "user", str(user_id))

    unassigned = await world.client().delete(
        assignment(world, number.id), headers={"If-Match": assigned.headers["ETag"]}
    )

    assert unassigned.status_code == 200, unassigned.text
    assert (unassigned.json()["state"], unassigned.json()["assignee_id"]) == ("unassigned", None)
    [event] = await world.events("pstn.number_unassigned.v1")
    assert (event["number"], event["assignee_id"]) == (number.number, str(user_id))
    user = await world.client().get(f"/v1/customers/{world.customer_id}/users/{user_id}")
    assert user.json()["numbers"] == []


async def test_a_customer_admin_assigns_its_own_numbers(numbers_world) -> None:
    world = numbers_world
    user_id = await world.user()
    [number] = await world.numbers(1)
    body = {"assignee_kind": "user", "assignee_id": str(user_id)}

    readonly = principal_below(root_principal(), Role.CUSTOMER_READONLY_ADMIN, customer_id=world.customer_id)
    refused = await world.api.client(readonly).put(assignment(world, number.id), json=body)
    assert refused.status_code == 403

    response = await world.client(world.customer).put(assignment(world, number.id), json=body)
    assert response.status_code == 200, response.text


async def test_a_user_the_customers_service_never_announced_is_not_assigned_a_number(numbers_world) -> None:
    world = numbers_world
    [number] = await world.numbers(1)

    response = await world.client().put(
        assignment(world, number.id), json={"assignee_kind": "user", "assignee_id": str(uuid.uuid4())}
    )

    assert response.status_code == 404
    assert response.json()["type"].endswith("/assignee-not-found")
    assert response.json()["field"] == "assignee_id"
    assert await world.events("pstn.number_assigned.v1") == []


async def test_another_customers_user_or_hunt_group_is_not_an_assignee(numbers_world) -> None:
    # R-HIER-03: what belongs to another customer (even of the same partner) is not found
    world = numbers_world
    other = principal_below(world.partner, Role.CUSTOMER_FULL_ADMIN)
    await world.deliver(
        CustomerProvisioned(
            customer_id=other.customer_id,
            parent_id=world.partner.customer_id,
            tenant_path=other.tenant_path,
            name="Other Inc",
            country="US",
        )
    )
    [number] = await world.numbers(1)
    [other_number] = await world.numbers(1, customer=other)

    for kind in ("user", "hunt_group", "auto_attendant"):
        response = await world.client().put(
            assignment(world, number.id), json={"assignee_kind": kind, "assignee_id": str(uuid.uuid4())}
        )
        assert response.status_code == 404, kind
    foreign = await world.client().put(
        assignment(world, other_number.id), json={"assignee_kind": "user", "assignee_id": str(await world.user())}
    )
    assert foreign.status_code == 404
    assert foreign.json()["type"].endswith("/number-not-found")


async def test_only_an_active_unassigned_number_is_assigned(numbers_world) -> None:
    world = numbers_world
    first, second = await world.user("a@fjord.example"), await world.user("b@fjord.example")
    [pending] = await world.numbers(1, state="pending")
    [number] = await world.numbers(1)
    to_first = {"assignee_kind": "user", "assignee_id": str(first)}

    response = await world.client().put(assignment(world, pending.id), json=to_first)
    assert response.status_code == 409
    assert response.json()["type"].endswith("/number-not-active")

    assert (await world.client().put(assignment(world, number.id), json=to_first)).status_code == 200
    again = await world.client().put(assignment(world, number.id), json=to_first)
    assert again.status_code == 200  # the same assignment again changes nothing
    assert len(await world.events("pstn.number_assigned.v1")) == 1

    elsewhere = await world.client().put(
        assignment(world, number.id), json={"assignee_kind": "user", "assignee_id": str(second)}
    )
    assert elsewhere.status_code == 409
    assert elsewhere.json()["type"].endswith("/number-already-assigned")


async def test_a_user_answers_on_one_number(numbers_world) -> None:
    world = numbers_world
    user_id = await world.user()
    first, second = await world.numbers(2)
    body = {"assignee_kind": "user", "assignee_id": str(user_id)}

    assert (await world.client().put(assignment(world, first.id), json=body)).status_code == 200
    response = await world.client().put(assignment(world, second.id), json=body)

    assert response.status_code == 409
    assert response.json()["type"].endswith("/user-has-number")
    assert response.json()["number"] == first.number


async def test_a_stale_if_match_is_refused(numbers_world) -> None:
    world = numbers_world
    user_id = await world.user()
    [number] = await world.numbers(1)

    response = await world.client().put(
        assignment(world, number.id),
        json={"assignee_kind": "user", "assignee_id": str(user_id)},
        headers={"If-Match": '"99"'},
    )

    assert response.status_code == 412
    assert response.json()["current_etag"] == '"1"'


async def test_a_suspended_or_cancelled_customers_number_is_not_newly_assigned(numbers_world) -> None:
    world = numbers_world
    user_id = await world.user()
    first, second = await world.numbers(2)
    body = {"assignee_kind": "user", "assignee_id": str(user_id)}
    assert (await world.client().put(assignment(world, first.id), json=body)).status_code == 200

    await world.deliver(CustomerSuspended(**world.tenancy(), reason="unpaid invoices"))
    response = await world.client().put(assignment(world, second.id), json=body)
    assert response.status_code == 409
    assert response.json()["type"].endswith("/customer-not-active")
    # What was assigned can still be taken off.
    assert (await world.client().delete(assignment(world, first.id))).status_code == 200

    await world.deliver(CustomerResumed(**world.tenancy()))
    assert (await world.client().put(assignment(world, second.id), json=body)).status_code == 200

    await world.deliver(CustomerCancelled(**world.tenancy()))
    await world.client().delete(assignment(world, second.id))
    response = await world.client().put(assignment(world, first.id), json=body)
    assert response.status_code == 409
    assert response.json()["state"] == "cancelled"


async def test_the_users_package_follows_its_events(numbers_world) -> None:
    world = numbers_world
    user_id = await world.user()

    await world.deliver(
        UserPackageChanged(**world.tenancy(), user_id=user_id, previous_package="calling", package="enterprise")
    )

    user = await world.client().get(f"/v1/customers/{world.customer_id}/users/{user_id}")
    assert user.json()["package"] == "enterprise"
    unknown = await world.client().get(f"/v1/customers/{world.customer_id}/users/{uuid.uuid4()}")
    assert unknown.status_code == 404
