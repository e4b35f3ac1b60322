"""Number orders: placed, waiting for the customer's signature, processed by the carrier, each number's
fulfilment reported (R-PSTN-12, R-PSTN-20, R-PSTN-30, R-PSTN-34)."""

from __future__ import annotations

import uuid
from datetime import datetime, timedelta
from typing import Any

import pytest
from sqlalchemy import update

from pstn_orders.models import platform
from tests.pstn_orders.conftest import NumbersWorld
from tests.pstn_orders.orders.conftest import (
    carrier_reports,
    found_numbers,
    order_of,
    place,
    place_confirmed,
    sign_contract,
)

pytestmark = pytest.mark.asyncio(loop_scope="session")


async def reserved(world: NumbersWorld, count: int) -> dict[str, Any]:
    numbers = await found_numbers(world.client(), world.customer_id, state="NY", quantity=count, consecutive=True)
    made = await world.client().post(
        f"/v1/customers/{world.customer_id}/reservations",
        json={"numbers": numbers},
        headers={"Idempotency-Key": uuid.uuid4().hex},
    )
    assert made.status_code == 201, made.text
    answer: dict[str, Any] = made.json()
    return answer


async def reserved_id(world: NumbersWorld, count: int) -> str:
    return str((await reserved(world, count))["id"])


async def numbers_of(world: NumbersWorld, order_id: str) -> dict[str, str]:
    listed = await world.client().get(
        f"/v1/customers/{world.customer_id}/numbers", params={"order_id": order_id, "state": "all"}
    )
    assert listed.status_code == 200, listed.text
    return {n["number"]: n["state"] for n in listed.json()["items"]}


async def test_an_order_waits_unprocessed_for_the_signature_then_is_provisioned(paid: NumbersWorld) -> None:
    # R-PSTN-34: the first order sends the contract, nothing is processed before it is signed
    # R-PSTN-12: activated only after the customer accepts; R-PSTN-30: ~10 minutes after the signature
    reservation = await reserved(paid, 3)
    order = await place_confirmed(
        paid.client(), paid.customer_id, {"location_id": str(paid.location_id), "reservation_id": reservation["id"]}
    )
    assert order["state"] == "pending"
    assert order["awaiting_signature"] is True
    assert order["expected_at"] is None
    assert order["expected_fulfilment"].startswith("about 10 minutes")
    assert order["number_policy_url"].startswith("https://")  # R-PSTN-27
    assert order["order_number"].startswith("PSTN-")
    assert {n["fulfilment"] for n in order["numbers"]} == {"in_progress"}
    contract = await paid.client().get(f"/v1/customers/{paid.customer_id}/pstn-contract")
    assert contract.json()["state"] == "sent"
    assert len(await paid.events("pstn.contract_sent.v1")) == 1
    assert set((await numbers_of(paid, order["id"])).values()) == {"pending"}
    assert (await paid.client().get(f"/v1/customers/{paid.customer_id}/reservations/{reservation['id']}")).json()[
        "state"
    ] == "ordered"

    await sign_contract(paid)
    activated = await order_of(paid, order)
    assert activated["awaiting_signature"] is False
    expected = datetime.fromisoformat(activated["expected_at"])
    signed_at = paid.api.runtime.clock.now()
    assert timedelta(minutes=9) <= expected - signed_at <= timedelta(minutes=11)
    assert len(await paid.events("pstn.number_order_activated.v1")) == 1

    numbers = [n["number"] for n in order["numbers"]]
    await carrier_reports(paid, order, "completed", {n: "success" for n in numbers})
    provisioned = await order_of(paid, order)
    assert provisioned["state"] == "provisioned"
    assert {n["fulfilment"] for n in provisioned["numbers"]} == {"success"}
    assert provisioned["help"] is None
    assert set((await numbers_of(paid, order["id"])).values()) == {"unassigned"}
    [event] = await paid.events("pstn.number_order_provisioned.v1")
    assert sorted(event["provisioned"]) == sorted(numbers)

    await carrier_reports(paid, order, "failed", {n: "failed" for n in numbers})  # a late, repeated callback
    assert (await order_of(paid, order))["state"] == "provisioned"


async def test_a_second_order_after_the_signature_is_processed_at_once(paid: NumbersWorld) -> None:
    # R-PSTN-34: the contract goes once; R-PSTN-30: expected completion on the order
    first = await place_confirmed(
        paid.client(),
        paid.customer_id,
        {"location_id": str(paid.location_id), "reservation_id": await reserved_id(paid, 1)},
    )
    await sign_contract(paid)
    second = await place_confirmed(
        paid.client(),
        paid.customer_id,
        {"location_id": str(paid.location_id), "reservation_id": await reserved_id(paid, 1)},
    )
    assert second["awaiting_signature"] is False
    assert second["expected_at"] is not None
    assert len(await paid.events("pstn.contract_sent.v1")) == 1
    listed = await paid.client().get(f"/v1/customers/{paid.customer_id}/number-orders")
    assert {o["id"] for o in listed.json()["items"]} == {first["id"], second["id"]}


async def test_a_partly_fulfilled_order_reports_each_number_and_names_the_desk(paid: NumbersWorld) -> None:
    # R-PSTN-20: each number in_progress | success | failed; partial fulfilment per number; help desk by state
    order = await place_confirmed(
        paid.client(),
        paid.customer_id,
        {"location_id": str(paid.location_id), "reservation_id": await reserved_id(paid, 3)},
    )
    await sign_contract(paid)
    good, bad, slow = (n["number"] for n in order["numbers"])
    await carrier_reports(paid, order, "in_progress", {good: "success", bad: "in_progress", slow: "in_progress"})
    midway = await order_of(paid, order)
    assert midway["state"] == "pending"
    assert {n["number"]: n["fulfilment"] for n in midway["numbers"]} == {
        good: "success",
        bad: "in_progress",
        slow: "in_progress",
    }
    await carrier_reports(
        paid,
        order,
        "partially_completed",
        {good: "success", bad: "failed", slow: "success"},
        {bad: "rate center closed"},
    )
    done = await order_of(paid, order)
    assert done["state"] == "provisioned"
    failed = next(n for n in done["numbers"] if n["number"] == bad)
    assert failed["fulfilment"] == "failed"
    assert failed["failure_reason"] == "rate center closed"
    assert done["help"]["desk"] == "technical_assistance"
    assert (await numbers_of(paid, order["id"]))[good] == "unassigned"


async def test_an_order_the_carrier_fails_goes_to_error_naming_technical_assistance(paid: NumbersWorld) -> None:
    # R-PSTN-20: error (help: technical assistance)
    order = await place_confirmed(
        paid.client(),
        paid.customer_id,
        {"location_id": str(paid.location_id), "reservation_id": await reserved_id(paid, 2)},
    )
    await sign_contract(paid)
    await carrier_reports(paid, order, "failed", {n["number"]: "failed" for n in order["numbers"]})
    failed = await order_of(paid, order)
    assert failed["state"] == "error"
    assert failed["help"]["desk"] == "technical_assistance"
    [event] = await paid.events("pstn.number_order_failed.v1")
    assert event["desk"] == "technical_assistance"


async def test_without_a_callback_the_carrier_is_asked_and_after_the_last_try_the_order_goes_to_error(
    paid: NumbersWorld,
) -> None:
    # R-PSTN-20: an order the carrier never confirms ends in error, naming the desk
    order = await place_confirmed(
        paid.client(),
        paid.customer_id,
        {"location_id": str(paid.location_id), "reservation_id": await reserved_id(paid, 1)},
    )
    await sign_contract(paid)
    timers = platform.timers
    tries = paid.api.runtime.settings.order_status_tries  # type: ignore[attr-defined]
    for _ in range(tries):
        async with paid.api.session() as session, session.begin():
            await session.execute(
                update(timers)
                .where(timers.c.key == order["id"], timers.c.fired_at.is_(None), timers.c.cancelled_at.is_(None))
                .values(due_at=paid.api.runtime.clock.now() - timedelta(seconds=1))
            )
        await paid.api.runtime.timers.fire_due()
        assert (await order_of(paid, order))["state"] in ("pending", "error")
    gave_up = await order_of(paid, order)
    assert gave_up["state"] == "error", gave_up
    assert gave_up["help"]["desk"] == "technical_assistance"
    assert {n["fulfilment"] for n in gave_up["numbers"]} == {"failed"}


async def test_a_retried_order_with_the_same_idempotency_key_is_placed_once(paid: NumbersWorld) -> None:
    reservation = await reserved(paid, 1)
    body = {
        "location_id": str(paid.location_id),
        "reservation_id": reservation["id"],
        "confirm_alerts": ["other_locality"],
    }
    first = await place(paid.client(), paid.customer_id, body, key="order-1")
    assert first.status_code == 201, first.text
    again = await place(paid.client(), paid.customer_id, body, key="order-1")
    assert again.status_code == 201, again.text
    assert again.headers["Idempotent-Replayed"] == "true"
    assert again.json()["id"] == first.json()["id"]
    assert len(await paid.events("pstn.number_order_placed.v1")) == 1
