"""Carts of chosen numbers, editable until the order is placed (R-PSTN-36)."""

from __future__ import annotations

import uuid

import httpx
import pytest

from tests.pstn_orders.conftest import NumbersWorld
from tests.pstn_orders.orders.conftest import found_numbers, place_confirmed

pytestmark = pytest.mark.asyncio(loop_scope="session")


async def create_cart(world: NumbersWorld, numbers: list[str]) -> httpx.Response:
    return await world.client().post(
        f"/v1/customers/{world.customer_id}/carts",
        json={"location_id": str(world.location_id), "numbers": numbers},
        headers={"Idempotency-Key": uuid.uuid4().hex},
    )


async def test_a_cart_is_edited_until_its_order_is_placed_then_closed(paid: NumbersWorld) -> None:
    # R-PSTN-36: a cart of chosen numbers can be edited before the order is placed
    found = await found_numbers(paid.client(), paid.customer_id, state="NY", quantity=3)
    made = await create_cart(paid, found[:1])
    assert made.status_code == 201, made.text
    cart = made.json()
    path = f"/v1/customers/{paid.customer_id}/carts/{cart['id']}"

    edited = await paid.client().put(path, json={"numbers": found}, headers={"If-Match": made.headers["ETag"]})
    assert edited.status_code == 200, edited.text
    assert edited.json()["count"] == 3
    stale = await paid.client().put(path, json={"numbers": found[:2]}, headers={"If-Match": made.headers["ETag"]})
    assert stale.status_code == 412, stale.text
    trimmed = await paid.client().put(path, json={"numbers": found[:2]})
    assert trimmed.json()["numbers"] == found[:2]

    order = await place_confirmed(
        paid.client(), paid.customer_id, {"location_id": str(paid.location_id), "cart_id": cart["id"]}
    )
    assert sorted(n["number"] for n in order["numbers"]) == sorted(found[:2])
    closed = await paid.client().get(path)
    assert closed.json()["state"] == "ordered"
    assert closed.json()["order_id"] == order["id"]
    refused = await paid.client().put(path, json={"numbers": found})
    assert refused.status_code == 409, refused.text
    assert refused.json()["rule"] == "R-PSTN-36"
    again = await paid.client().post(
        f"/v1/customers/{paid.customer_id}/number-orders",
        json={"location_id": str(paid.location_id), "cart_id": cart["id"]},
        headers={"Idempotency-Key": uuid.uuid4().hex},
    )
    assert again.status_code == 409, again.text
    assert again.json()["rule"] == "R-PSTN-36"


async def test_a_cart_refuses_toll_free_and_more_than_100_numbers(paid: NumbersWorld) -> None:
    # R-PSTN-05 and R-PSTN-06, as in any list of chosen numbers
    toll_free = await create_cart(paid, ["+18885550100"])
    assert toll_free.status_code == 422, toll_free.text
    assert toll_free.json()["rule"] == "R-PSTN-05"
    too_many = await create_cart(paid, [f"+1212456{n:04d}" for n in range(1000, 1101)])
    assert too_many.status_code == 422, too_many.text
    assert too_many.json()["rule"] == "R-PSTN-06"
    assert await paid.events("pstn.number_cart_changed.v1") == []


async def test_an_open_cart_can_be_thrown_away(paid: NumbersWorld) -> None:
    made = (await create_cart(paid, [])).json()
    path = f"/v1/customers/{paid.customer_id}/carts/{made['id']}"
    assert (await paid.client().delete(path)).status_code == 204
    assert (await paid.client().get(path)).status_code == 404
    assert [e["state"] for e in await paid.events("pstn.number_cart_changed.v1")] == ["open", "deleted"]
