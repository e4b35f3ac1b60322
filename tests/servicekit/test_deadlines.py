"""A step with a deadline asks again with backoff, stops when answered, and gives up after its last try."""

from __future__ import annotations

import uuid
from datetime import timedelta
from typing import Any

import pytest
from sqlalchemy import select, update
from sqlalchemy.ext.asyncio import AsyncSession

from customers.models import platform
from devstack.services import Services
from servicekit import Deadline, ManualClock

pytestmark = pytest.mark.asyncio(loop_scope="session")


class Other:
    """The other side of the step: what was asked again, and what was given up."""

    def __init__(self) -> None:
        self.asked: list[tuple[str, dict[str, Any], int]] = []
        self.given_up: list[str] = []
        self.still_waiting = True

    async def ask_again(self, session: AsyncSession, key: str, payload: dict[str, Any], attempt: int) -> bool:
        self.asked.append((key, payload, attempt))
        return self.still_waiting

    async def give_up(self, session: AsyncSession, key: str, payload: dict[str, Any]) -> None:
        self.given_up.append(key)


class Step:
    """A deadline on its own clock, far ahead of the stack's, so the services' own timer runners never see its
    timers due; it fires only its own kind, in the runner's way (one transaction per timer, then marked fired),
    and leaves the services' timers to them."""

    def __init__(self, services: Services) -> None:
        self.runtime = services.customers.runtime
        self.clock = ManualClock()
        self.clock.advance(timedelta(days=365 * 50))
        self.kind = f"test.step.{uuid.uuid4().hex[:8]}"
        self.other = Other()
        self.deadline = self.build()

    def build(self) -> Deadline:
        """A new deadline, as a restarted process builds it: nothing of the old one is kept."""
        return Deadline(
            service="tests",
            kind=self.kind,
            clock=self.clock,
            first_wait=timedelta(seconds=100),
            factor=2.0,
            tries=3,
            ask_again=self.other.ask_again,
            give_up=self.other.give_up,
        )

    async def fire_after(self, seconds: float) -> int:
        self.clock.advance(timedelta(seconds=seconds))
        timers, fired = platform.timers, 0
        while True:
            async with self.runtime.sessionmaker.begin() as session:
                now = self.clock.now()
                timer = (
                    await session.execute(
                        select(timers)
                        .where(
                            timers.c.kind == self.kind,
                            timers.c.due_at <= now,
                            timers.c.fired_at.is_(None),
                            timers.c.cancelled_at.is_(None),
                        )
                        .order_by(timers.c.due_at)
                        .limit(1)
                        .with_for_update()
                    )
                ).first()
                if timer is None:
                    return fired
                await self.deadline.on_timer(session, timer)
                await session.execute(update(timers).where(timers.c.id == timer.id).values(fired_at=now))
            fired += 1

    async def start(self, key: str) -> None:
        async with self.runtime.sessionmaker.begin() as session:
            await self.deadline.start(session, key, {"ref": "r-1"})

    async def attempt_waiting(self, key: str) -> int | None:
        async with self.runtime.sessionmaker() as session:
            waiting = await self.deadline.waiting(session, key)
        return waiting.attempt if waiting else None


@pytest.fixture
def step(services: Services) -> Step:
    return Step(services)


async def test_a_late_answer_is_asked_for_again_with_longer_waits_then_given_up(step: Step) -> None:
    await step.start("order-1")

    assert await step.fire_after(99) == 0, "not due before the first wait"
    assert await step.fire_after(1) == 1
    assert step.other.asked == [("order-1", {"ref": "r-1"}, 2)]
    assert await step.fire_after(199) == 0, "the second try waits twice as long"
    assert await step.fire_after(1) == 1
    assert [a for _, _, a in step.other.asked] == [2, 3]
    assert step.other.given_up == []

    assert await step.fire_after(400) == 1  # the third and last try went unanswered
    assert step.other.given_up == ["order-1"]
    assert await step.fire_after(10_000) == 0, "nothing is asked after giving up"
    assert len(step.other.asked) == 2
    assert await step.attempt_waiting("order-1") is None


async def test_an_answer_stops_the_step(step: Step) -> None:
    await step.start("order-2")
    await step.fire_after(100)
    assert await step.attempt_waiting("order-2") == 2

    async with step.runtime.sessionmaker.begin() as session:
        await step.deadline.answered(session, "order-2")

    assert await step.fire_after(10_000) == 0
    assert step.other.given_up == []
    assert await step.attempt_waiting("order-2") is None


async def test_an_item_that_no_longer_waits_ends_the_step(step: Step) -> None:
    await step.start("order-3")
    step.other.still_waiting = False  # e.g. cancelled meanwhile

    assert await step.fire_after(100) == 1
    assert await step.fire_after(10_000) == 0
    assert step.other.given_up == []


async def test_the_tries_left_survive_a_restart_because_they_are_in_the_database(step: Step) -> None:
    await step.start("order-4")
    await step.fire_after(100)
    await step.fire_after(200)  # two tries used

    step.deadline = step.build()  # the process restarts: a new deadline and runner, the same database
    await step.fire_after(400)

    assert step.other.given_up == ["order-4"]
    async with step.runtime.sessionmaker() as session:
        timers = platform.timers
        rows = (
            await session.execute(
                select(timers.c.payload, timers.c.fired_at).where(timers.c.kind == step.kind).order_by(timers.c.due_at)
            )
        ).all()
    assert [(r.payload["attempt"], r.fired_at is not None) for r in rows] == [(1, True), (2, True), (3, True)]


async def test_starting_again_counts_the_tries_from_one(step: Step) -> None:
    await step.start("order-5")
    await step.fire_after(100)
    await step.fire_after(200)
    assert await step.attempt_waiting("order-5") == 3

    await step.start("order-5")  # a re-run

    assert await step.attempt_waiting("order-5") == 1
    assert await step.fire_after(100) == 1
    assert step.other.given_up == []
