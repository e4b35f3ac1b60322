"""Reservations at the sandbox (R-PSTN-35): held until a time, extended, released; a reserved number is
nobody else's, and it is on offer again once the hold lapses."""

from __future__ import annotations

import asyncio
from datetime import timedelta

import pytest

from pstn_orders.carrier import NumberSearch, NumbersUnavailable, Pattern, ReservationNotFound
from tests.pstn_orders.sandbox_carrier.conftest import Sandbox, order_request

pytestmark = pytest.mark.asyncio(loop_scope="session")


async def offered(sandbox: Sandbox, number: str) -> bool:
    # Narrowed to the number itself: its exchange may offer more numbers than one search answers.
    query = NumberSearch(
        country="US", npa=number[2:5], nxx=number[5:8], pattern=Pattern(digits=number[-4:], position="ends")
    )
    result = await sandbox.carrier.search(query)
    return number in [n.number for n in result.numbers if n.match == "exact"]


async def test_a_reserved_number_is_nobody_elses(sandbox: Sandbox) -> None:
    """R-PSTN-35: reserved numbers leave the search; another holder can neither reserve nor order them."""
    numbers = await sandbox.free_numbers(3)
    held = await sandbox.carrier.reserve(
        numbers, holder="customer-a", until=sandbox.clock.now() + timedelta(minutes=30)
    )
    assert held.numbers == numbers
    assert not await offered(sandbox, numbers[0])
    with pytest.raises(NumbersUnavailable) as refused:
        await sandbox.carrier.reserve(numbers[:1], holder="customer-b", until=sandbox.clock.now() + timedelta(hours=1))
    assert refused.value.numbers == numbers[:1]
    with pytest.raises(NumbersUnavailable):
        await sandbox.carrier.place_order(order_request(numbers[1:2], customer_id="customer-b"))
    # The holder orders them through its reservation.
    placed = await sandbox.carrier.place_order(order_request(numbers, reservation_id=held.reservation_id))
    assert placed.state == "accepted"


async def test_the_holder_orders_its_reserved_numbers_without_naming_the_reservation(sandbox: Sandbox) -> None:
    numbers = await sandbox.free_numbers(2)
    await sandbox.carrier.reserve(numbers, holder="customer-c", until=sandbox.clock.now() + timedelta(minutes=30))
    placed = await sandbox.carrier.place_order(order_request(numbers, customer_id="customer-c"))
    assert placed.state == "accepted"


async def test_a_reservation_lapses_at_its_time_unless_extended(sandbox: Sandbox) -> None:
    """R-PSTN-35: the hold ends at its time; extending moves it; a lapsed one cannot be extended."""
    lapsing, extended = await sandbox.free_numbers(1), await sandbox.free_numbers(1)
    until = sandbox.clock.now() + timedelta(minutes=30)
    short = await sandbox.carrier.reserve(lapsing, holder="customer-d", until=until)
    long = await sandbox.carrier.reserve(extended, holder="customer-d", until=until)
    moved = await sandbox.carrier.extend_reservation(long.reservation_id, until=until + timedelta(minutes=30))
    assert moved.expires_at == until + timedelta(minutes=30)
    assert moved.numbers == extended

    sandbox.clock.advance(timedelta(minutes=31))
    for _ in range(50):  # a search skips a number the carrier's own loop is freeing at that moment
        if await offered(sandbox, lapsing[0]):
            break
        await asyncio.sleep(0.1)
    assert await offered(sandbox, lapsing[0])
    assert not await offered(sandbox, extended[0])
    with pytest.raises(ReservationNotFound):
        await sandbox.carrier.extend_reservation(short.reservation_id, until=sandbox.clock.now() + timedelta(hours=1))
    taken_over = await sandbox.carrier.reserve(
        lapsing, holder="customer-e", until=sandbox.clock.now() + timedelta(minutes=30)
    )
    assert taken_over.numbers == lapsing


async def test_released_numbers_are_on_offer_again(sandbox: Sandbox) -> None:
    numbers = await sandbox.free_numbers(2)
    held = await sandbox.carrier.reserve(numbers, holder="customer-f", until=sandbox.clock.now() + timedelta(hours=1))
    await sandbox.carrier.release_reservation(held.reservation_id)
    assert await offered(sandbox, numbers[0])
    await sandbox.carrier.release_reservation(held.reservation_id)  # again: nothing left to release
    with pytest.raises(ReservationNotFound):
        await sandbox.carrier.extend_reservation(held.reservation_id, until=sandbox.clock.now() + timedelta(hours=2))


async def test_numbers_the_carrier_does_not_hold_cannot_be_reserved(sandbox: Sandbox) -> None:
    with pytest.raises(NumbersUnavailable) as refused:
        await sandbox.carrier.reserve(["+18005550100", "12"], holder="x", until=sandbox.clock.now())
    assert refused.value.numbers == ["+18005550100", "12"]
