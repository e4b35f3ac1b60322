"""Orders at the sandbox: idempotent on the order reference, fulfilled on the clock once activated (R-PSTN-30),
and every outcome told to the status handler, delivered again until it takes it."""

from __future__ import annotations

from datetime import timedelta

import pytest

from pstn_orders.carrier import (
    CarrierOrderNotFound,
    CarrierOrderState,
    CarrierUnavailable,
    NumberOutcome,
    NumberSearch,
    NumbersUnavailable,
    Pattern,
)
from tests.pstn_orders.sandbox_carrier.conftest import Sandbox, order_request

pytestmark = pytest.mark.asyncio(loop_scope="session")


async def magic(sandbox: Sandbox, line: str) -> str:
    found = await sandbox.carrier.search(NumberSearch(country="US", pattern=Pattern(digits=line, position="ends")))
    assert found.exact, f"the inventory offers a number ending {line}"
    return found.numbers[0].number


async def test_placing_the_same_order_again_answers_the_first(sandbox: Sandbox) -> None:
    numbers = await sandbox.free_numbers(2)
    request = order_request(numbers)
    first = await sandbox.carrier.place_order(request)
    again = await sandbox.carrier.place_order(request)
    assert again.carrier_order_id == first.carrier_order_id
    assert again.state == CarrierOrderState.accepted


async def test_standard_numbers_are_provisioned_about_ten_minutes_after_activation(sandbox: Sandbox) -> None:
    """R-PSTN-30: nothing happens before activation; ten minutes after it the order completes and its status
    callback is delivered."""
    numbers = await sandbox.free_numbers(3)
    placed = await sandbox.carrier.place_order(order_request(numbers))
    sandbox.clock.advance(timedelta(hours=1))  # waiting for the customer's signature: no fulfilment yet
    await sandbox.carrier.play()
    assert (await sandbox.carrier.order_status(placed.carrier_order_id)).state == CarrierOrderState.accepted

    activated = await sandbox.carrier.activate(placed.carrier_order_id)
    assert activated.state == CarrierOrderState.in_progress
    assert activated.expected_at is not None
    assert activated.expected_at - sandbox.clock.now() <= timedelta(minutes=10)
    assert activated.expected_at - sandbox.clock.now() > timedelta(minutes=9)
    again = await sandbox.carrier.activate(placed.carrier_order_id)  # a repeated activation changes nothing
    assert again.expected_at == activated.expected_at

    sandbox.clock.advance(timedelta(minutes=9))
    await sandbox.carrier.play()
    assert not sandbox.receiver.of(placed.carrier_order_id)
    sandbox.clock.advance(timedelta(minutes=1, seconds=1))
    await sandbox.eventually(lambda: bool(sandbox.receiver.of(placed.carrier_order_id)))
    [status] = sandbox.receiver.of(placed.carrier_order_id)
    assert status.state == CarrierOrderState.completed
    assert status.order_ref == placed.order_ref
    assert status.numbers == dict.fromkeys(numbers, NumberOutcome.success)
    assert (await sandbox.carrier.order_status(placed.carrier_order_id)).state == CarrierOrderState.completed


async def test_advanced_numbers_take_about_five_days(sandbox: Sandbox) -> None:
    """R-PSTN-30: advanced standard numbers, about 5 days."""
    placed = await sandbox.carrier.place_order(order_request(await sandbox.free_numbers(1), advanced=True))
    activated = await sandbox.carrier.activate(placed.carrier_order_id)
    assert activated.expected_at is not None
    assert timedelta(days=4) < activated.expected_at - sandbox.clock.now() <= timedelta(days=5)


async def test_a_refused_callback_is_delivered_again_later(sandbox: Sandbox) -> None:
    """The status callback is retried, backing off, until the handler takes it."""
    placed = await sandbox.carrier.place_order(order_request(await sandbox.free_numbers(1)))
    await sandbox.carrier.activate(placed.carrier_order_id)
    sandbox.receiver.refuse_next = 2
    sandbox.clock.advance(timedelta(minutes=11))
    await sandbox.eventually(lambda: sandbox.receiver.refuse_next == 1)  # the first attempt refused
    assert not sandbox.receiver.of(placed.carrier_order_id)
    sandbox.clock.advance(timedelta(seconds=31))  # past the first wait
    await sandbox.eventually(lambda: sandbox.receiver.refuse_next == 0)
    sandbox.clock.advance(timedelta(seconds=61))  # past the second, twice as long
    await sandbox.eventually(lambda: bool(sandbox.receiver.of(placed.carrier_order_id)))
    [row] = await sandbox.rows(
        "SELECT attempts, delivered_at FROM sandbox_callbacks WHERE order_id = :id", id=placed.carrier_order_id
    )
    assert row.attempts == 3
    assert row.delivered_at is not None


async def test_magic_number_taken_between_search_and_order(sandbox: Sandbox) -> None:
    """…9901: search offers it; reserving or ordering it finds it taken."""
    taken = await magic(sandbox, "9901")
    with pytest.raises(NumbersUnavailable) as refused:
        await sandbox.carrier.reserve([taken], holder="h", until=sandbox.clock.now() + timedelta(minutes=5))
    assert refused.value.numbers == [taken]
    with pytest.raises(NumbersUnavailable):
        await sandbox.carrier.place_order(order_request([taken, *await sandbox.free_numbers(1)]))


async def test_magic_number_partly_fulfils_an_order(sandbox: Sandbox) -> None:
    """…9902: the order completes partially; the number fails with a reason, the others succeed."""
    failing, fine = await magic(sandbox, "9902"), (await sandbox.free_numbers(1))[0]
    placed = await sandbox.carrier.place_order(order_request([failing, fine]))
    await sandbox.carrier.activate(placed.carrier_order_id)
    sandbox.clock.advance(timedelta(minutes=11))
    await sandbox.eventually(lambda: bool(sandbox.receiver.of(placed.carrier_order_id)))
    [status] = sandbox.receiver.of(placed.carrier_order_id)
    assert status.state == CarrierOrderState.partially_completed
    assert status.numbers == {failing: NumberOutcome.failed, fine: NumberOutcome.success}
    assert set(status.reasons) == {failing}


async def test_magic_number_fails_the_whole_order(sandbox: Sandbox) -> None:
    """…9903: no number of the order is provisioned."""
    numbers = [await magic(sandbox, "9903"), *await sandbox.free_numbers(2)]
    placed = await sandbox.carrier.place_order(order_request(numbers))
    await sandbox.carrier.activate(placed.carrier_order_id)
    sandbox.clock.advance(timedelta(minutes=11))
    await sandbox.eventually(lambda: bool(sandbox.receiver.of(placed.carrier_order_id)))
    [status] = sandbox.receiver.of(placed.carrier_order_id)
    assert status.state == CarrierOrderState.failed
    assert set(status.numbers.values()) == {NumberOutcome.failed}
    assert set(status.reasons) == set(numbers)
    # What failed is the carrier's to offer again.
    [row] = await sandbox.rows("SELECT status FROM sandbox_numbers WHERE num = :num", num=int(numbers[1][2:]))
    assert row.status == "available"


async def test_magic_number_finds_the_carrier_unavailable(sandbox: Sandbox) -> None:
    """…9904: reserving or ordering it raises CarrierUnavailable, and nothing is kept."""
    number = await magic(sandbox, "9904")
    with pytest.raises(CarrierUnavailable):
        await sandbox.carrier.reserve([number], holder="h", until=sandbox.clock.now() + timedelta(minutes=5))
    request = order_request([number])
    with pytest.raises(CarrierUnavailable):
        await sandbox.carrier.place_order(request)
    assert not await sandbox.rows("SELECT 1 FROM sandbox_orders WHERE order_ref = :ref", ref=request.order_ref)


async def test_disconnected_numbers_go_back_to_the_inventory(sandbox: Sandbox) -> None:
    numbers = await sandbox.free_numbers(1)
    placed = await sandbox.carrier.place_order(order_request(numbers))
    await sandbox.carrier.activate(placed.carrier_order_id)
    sandbox.clock.advance(timedelta(minutes=11))
    await sandbox.eventually(lambda: bool(sandbox.receiver.of(placed.carrier_order_id)))
    await sandbox.carrier.disconnect(numbers)
    [row] = await sandbox.rows("SELECT status FROM sandbox_numbers WHERE num = :num", num=int(numbers[0][2:]))
    assert row.status == "available"


async def test_an_unknown_order_is_not_found(sandbox: Sandbox) -> None:
    with pytest.raises(CarrierOrderNotFound):
        await sandbox.carrier.activate("co_unknown")
