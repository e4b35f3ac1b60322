"""What a number order must meet: bad input answers problem+json naming the rule and changes nothing
(R-PSTN-05, 06, 07, 11, 13, 14, 25, 34), and the precheck answers every broken rule without placing anything."""

from __future__ import annotations

import uuid
from typing import Any

import pytest

from contracts.enums import Role
from contracts.events import LocationAddress, LocationCreated
from devstack.in_process import principal_below
from tests.pstn_orders.conftest import NumbersWorld
from tests.pstn_orders.orders.conftest import (
    another_partners_customer,
    assisted_location,
    found_numbers,
    place,
    place_confirmed,
)

pytestmark = pytest.mark.asyncio(loop_scope="session")


async def refused(world: NumbersWorld, body: dict[str, Any], status: int, rule: str | None) -> dict[str, Any]:
    """The order is refused with problem+json naming the rule (each test then checks nothing was placed)."""
    answer = await place(world.client(), world.customer_id, {"location_id": str(world.location_id), **body})
    assert answer.status_code == status, answer.text
    assert answer.headers["content-type"].startswith("application/problem+json")
    problem: dict[str, Any] = answer.json()
    assert problem.get("rule") == rule, problem
    return problem


async def order_count(world: NumbersWorld) -> int:
    return len(await world.events("pstn.number_order_placed.v1"))


async def test_a_toll_free_number_is_refused(paid: NumbersWorld) -> None:
    # R-PSTN-05: toll-free numbers cannot be ordered
    problem = await refused(paid, {"numbers": ["+18445550123"]}, 422, "R-PSTN-05")
    assert problem["invalid_params"][0]["name"] == "numbers[0]"
    assert await order_count(paid) == 0


async def test_a_malformed_number_is_refused_naming_it(paid: NumbersWorld) -> None:
    problem = await refused(paid, {"numbers": ["+1212"]}, 422, None)
    assert problem["invalid_params"][0]["name"] == "numbers[0]"
    assert await order_count(paid) == 0


async def test_101_numbers_are_refused(paid: NumbersWorld) -> None:
    # R-PSTN-06: at most 100 new numbers per order
    numbers = [f"+1212456{n:04d}" for n in range(2000, 2101)]
    await refused(paid, {"numbers": numbers}, 422, "R-PSTN-06")
    await refused(paid, {"auto_assign": {"state": "NY", "quantity": 101}}, 422, "R-PSTN-06")
    assert await order_count(paid) == 0


async def test_a_trial_customer_orders_at_most_10_numbers_in_total(trial: NumbersWorld) -> None:
    # R-PSTN-07: trial customers at most 10 new numbers in total, counting earlier orders
    numbers = await found_numbers(trial.client(), trial.customer_id, state="NY", quantity=11)
    assert len(numbers) == 11
    await place_confirmed(
        trial.client(), trial.customer_id, {"location_id": str(trial.location_id), "numbers": numbers[:10]}
    )
    problem = await refused(trial, {"numbers": numbers[10:], "confirm_alerts": ["other_locality"]}, 409, "R-PSTN-07")
    assert problem["ordered"] == 10
    assert await order_count(trial) == 1


async def test_a_trial_customer_cannot_order_a_block(trial: NumbersWorld) -> None:
    # R-PSTN-13: block orders for paid subscriptions only
    await refused(trial, {"auto_assign": {"state": "NY", "quantity": 10, "block_size": 10}}, 422, "R-PSTN-13")
    numbers = await found_numbers(trial.client(), trial.customer_id, state="NY", quantity=2, consecutive=True)
    await refused(trial, {"numbers": numbers, "block": True}, 422, "R-PSTN-13")
    assert await order_count(trial) == 0


async def test_a_paid_block_is_one_consecutive_run_whose_numbers_share_the_block(paid: NumbersWorld) -> None:
    # R-PSTN-13: at most 100 numbers, released only as a whole block (an alert says so before it is placed)
    found = sorted(await found_numbers(paid.client(), paid.customer_id, state="NY", quantity=5), key=int)
    scattered = [found[0], found[-1]]  # five distinct numbers: the first and the last are no run
    confirmed = ["block", "other_locality"]
    await refused(paid, {"numbers": scattered, "block": True, "confirm_alerts": confirmed}, 422, "R-PSTN-13")
    block = {"state": "NY", "quantity": 10, "block_size": 10}
    answer = await place(paid.client(), paid.customer_id, {"location_id": str(paid.location_id), "auto_assign": block})
    assert answer.status_code == 409, answer.text
    assert "block" in [a["code"] for a in answer.json()["alerts"]]
    order = await place_confirmed(
        paid.client(),
        paid.customer_id,
        {"location_id": str(paid.location_id), "auto_assign": block, "confirm_alerts": ["block"]},
    )
    assert order["block"] is True
    assert order["block_id"]
    assert len(order["numbers"]) == 10
    held = await paid.client().get(f"/v1/customers/{paid.customer_id}/numbers", params={"order_id": order["id"]})
    assert {n["block_id"] for n in held.json()["items"]} == {order["block_id"]}


async def test_auto_assign_picks_numbers_from_the_inventory_by_area_code_and_quantity(paid: NumbersWorld) -> None:
    # R-PSTN-11: auto-assigned from inventory by country, state, area code, city, NXX and quantity
    first = await found_numbers(paid.client(), paid.customer_id, state="NY", quantity=1)
    npa = first[0][2:5]
    order = await place_confirmed(
        paid.client(),
        paid.customer_id,
        {"location_id": str(paid.location_id), "auto_assign": {"npa": npa, "quantity": 4}},
    )
    assert len(order["numbers"]) == 4
    assert all(n["number"][2:5] == npa for n in order["numbers"])


async def test_numbers_of_another_locality_raise_an_alert_to_confirm(paid: NumbersWorld) -> None:
    # R-PSTN-34: placing may return alerts that must be reviewed before it is confirmed
    elsewhere = await found_numbers(paid.client(), paid.customer_id, state="CA", quantity=1)
    problem = await refused(paid, {"numbers": elsewhere}, 409, "R-PSTN-34")
    [alert] = problem["alerts"]
    assert alert["code"] == "other_locality"
    assert alert["numbers"] == elsewhere
    assert await order_count(paid) == 0
    order = await place(paid.client(), paid.customer_id, {
        "location_id": str(paid.location_id), "numbers": elsewhere, "confirm_alerts": ["other_locality"]})  # fmt: skip
    assert order.status_code == 201, order.text
    assert order.json()["confirmed_alerts"] == ["other_locality"]


async def test_advanced_numbers_take_about_5_days_and_say_so_first(paid: NumbersWorld) -> None:
    # R-PSTN-30: advanced standard numbers about 5 days; R-PSTN-34: an alert before placing
    numbers = await found_numbers(paid.client(), paid.customer_id, state="NY", quantity=1)
    problem = await refused(paid, {"numbers": numbers, "advanced": True, "confirm_alerts": ["other_locality"]},
                            409, "R-PSTN-34")  # fmt: skip
    assert [a["code"] for a in problem["alerts"]] == ["advanced"]
    order = await place_confirmed(paid.client(), paid.customer_id, {
        "location_id": str(paid.location_id), "numbers": numbers, "advanced": True,
        "confirm_alerts": ["advanced", "other_locality"]})  # fmt: skip
    assert order["expected_fulfilment"].startswith("about 5 days")


async def test_a_location_without_the_calling_plan_orders_nothing(paid: NumbersWorld) -> None:
    # R-PSTN-11: ordering numbers requires the calling plan enabled on the location
    branch = await paid.location("Branch without calling plan")
    numbers = await found_numbers(paid.client(), paid.customer_id, state="NY", quantity=1)
    answer = await place(paid.client(), paid.customer_id, {"location_id": str(branch), "numbers": numbers})
    assert answer.status_code == 409, answer.text
    assert answer.json()["rule"] == "R-PSTN-11"
    assert await order_count(paid) == 0


async def test_someone_elses_location_is_not_found(paid: NumbersWorld) -> None:
    # R-HIER-03: another partner's customer cannot reach this customer's location
    stranger = another_partners_customer()
    answer = await place(paid.api.client(stranger), paid.customer_id, {
        "location_id": str(paid.location_id), "numbers": ["+12124560100"]})  # fmt: skip
    assert answer.status_code == 404, answer.text
    own_location_elsewhere = await place(paid.client(), paid.customer_id, {
        "location_id": str(uuid.uuid4()), "numbers": ["+12124560100"]})  # fmt: skip
    assert own_location_elsewhere.status_code == 404, own_location_elsewhere.text
    assert own_location_elsewhere.json()["location_id"]
    assert await order_count(paid) == 0


async def test_the_precheck_answers_every_broken_rule_and_places_nothing(trial: NumbersWorld) -> None:
    # a dry run: R-PSTN-05, R-PSTN-13 and a malformed number together, nothing stored
    body = {"location_id": str(trial.location_id), "numbers": ["+18005550100", "+1212", "+12124560100"], "block": True}
    answer = await trial.client().post(f"/v1/customers/{trial.customer_id}/number-orders/precheck", json=body)
    assert answer.status_code == 200, answer.text
    result = answer.json()
    assert result["ok"] is False
    rules = [p.get("rule") for p in result["problems"]]
    assert "R-PSTN-05" in rules
    assert "R-PSTN-13" in rules
    assert None in rules
    assert result["number_policy_url"].startswith("https://")
    good = await found_numbers(trial.client(), trial.customer_id, state="NY", quantity=1)
    clean = await trial.client().post(
        f"/v1/customers/{trial.customer_id}/number-orders/precheck",
        json={"location_id": str(trial.location_id), "numbers": good, "confirm_alerts": ["other_locality"]},
    )
    assert clean.json()["ok"] is True, clean.text
    assert await order_count(trial) == 0
    assert await trial.events("pstn.contract_sent.v1") == []


async def test_an_assisted_country_takes_a_support_request_that_shows_on_the_orders_list(paid: NumbersWorld) -> None:
    # R-PSTN-14: location, quantity, number type, free text; answered with a PSTN order number on the orders list
    # R-PSTN-25: in assisted mode new numbers come through a support request; R-PSTN-20: action_required
    london = await assisted_location(paid)
    client = paid.client()
    direct = await place(client, paid.customer_id, {"location_id": str(london), "numbers": ["+442079460000"]})
    assert direct.status_code == 422, direct.text
    assert direct.json()["rule"] == "R-PSTN-25"
    request = {"quantity": 5, "number_type": "local", "details": "Near Westminster, please"}
    made = await place(client, paid.customer_id, {"location_id": str(london), "support_request": request})
    assert made.status_code == 201, made.text
    order = made.json()
    assert order["kind"] == "support_request"
    assert order["state"] == "action_required"
    assert order["help"]["desk"] == "pstn_technical_support"
    assert order["quantity"] == 5
    assert order["number_type"] == "local"
    assert order["details"] == request["details"]
    listed = await client.get(f"/v1/customers/{paid.customer_id}/number-orders", params={"state": "action_required"})
    assert [o["order_number"] for o in listed.json()["items"]] == [order["order_number"]]
    [asked] = await paid.events("pstn.number_support_requested.v1")
    assert asked["order_number"] == order["order_number"]
    assert asked["country"] == "GB"
    self_service = await place(
        client, paid.customer_id, {"location_id": str(paid.location_id), "support_request": request}
    )
    assert self_service.status_code == 422, self_service.text
    assert self_service.json()["rule"] == "R-PSTN-14"


async def test_exactly_one_source_of_numbers_is_given(paid: NumbersWorld) -> None:
    await refused(paid, {"numbers": ["+12124560100"], "auto_assign": {"quantity": 1}}, 422, None)
    await refused(paid, {}, 422, None)


async def test_a_number_another_customer_holds_is_not_available(paid: NumbersWorld) -> None:
    other = principal_below(paid.partner, Role.CUSTOMER_FULL_ADMIN)
    [held] = await paid.numbers(1, customer=other)
    body = {"location_id": str(paid.location_id), "numbers": [held.number], "confirm_alerts": ["other_locality"]}
    answer = await place(paid.client(), paid.customer_id, body)
    assert answer.status_code == 409, answer.text
    assert answer.json()["numbers"] == [held.number]
    assert await order_count(paid) == 0


async def test_a_number_taken_at_the_carrier_since_the_search_is_refused_and_nothing_is_placed(
    paid: NumbersWorld,
) -> None:
    # the sandbox's line 9901: found by search, taken by someone else before it is ordered
    taken = await found_numbers(paid.client(), paid.customer_id, ends_with="9901", quantity=1)
    body = {"location_id": str(paid.location_id), "numbers": taken, "confirm_alerts": ["other_locality"]}
    answer = await place(paid.client(), paid.customer_id, body)
    assert answer.status_code == 409, answer.text
    assert answer.json()["numbers"] == taken
    assert await order_count(paid) == 0
    assert await paid.events("pstn.contract_sent.v1") == []


async def test_a_location_in_a_country_without_the_calling_plan_orders_nothing(paid: NumbersWorld) -> None:
    # R-PSTN-03: the calling plan only in configured countries
    oslo = uuid.uuid4()
    address = LocationAddress(house_number="1", street_name="Karl Johans gate", city="Oslo", postal_code="0154",
                              country="NO")  # fmt: skip
    await paid.deliver(LocationCreated(**paid.tenancy(), location_id=oslo, name="Oslo office", address=address,
                                       time_zone="Europe/Oslo"))  # fmt: skip
    answer = await place(paid.client(), paid.customer_id, {"location_id": str(oslo), "numbers": ["+4722000000"]})
    assert answer.status_code == 422, answer.text
    assert answer.json()["rule"] == "R-PSTN-03"
    assert await order_count(paid) == 0
