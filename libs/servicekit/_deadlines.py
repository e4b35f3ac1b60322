"""Deadlines on cross-service steps: a request that is not answered in time is asked again, then given up.

A step is one durable timer per item (its key): `start` when the request goes out, `answered` when the answer
arrives. When the timer fires first, `ask_again` re-sends the request (idempotently: the other side may have
answered already and only the answer was lost) and the next try is scheduled after a longer wait; after the last
try `give_up` moves the item to a state that says so. The try count lives in the timer's payload, so a restart
loses neither the deadline nor how many tries are left.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

import structlog
from sqlalchemy import Row, select
from sqlalchemy.ext.asyncio import AsyncSession

from servicekit._clock import Clock
from servicekit._db import tables_of
from servicekit._observability import DEADLINE_GAVE_UP, DEADLINE_RETRIES
from servicekit._timers import cancel_timer, schedule_timer

log = structlog.get_logger()

# (session, key, payload, attempt) → False when the item no longer waits (closed meanwhile): the step ends.
AskAgain = Callable[[AsyncSession, str, dict[str, Any], int], Awaitable[bool]]
GiveUp = Callable[[AsyncSession, str, dict[str, Any]], Awaitable[None]]


@dataclass(frozen=True)
class Waiting:
    """A step still waiting for its answer: which try is out and when it is due."""

    attempt: int  # 1 for the first request, 2 once it was asked again, ...
    due_at: datetime
    payload: dict[str, Any]


class Deadline:
    """One kind of cross-service step with a deadline; its `on_timer` is the spec's timer handler for `kind`.

    The n-th try waits `first_wait * factor ** (n - 1)`; after `tries` unanswered tries the step gives up.
    """

    def __init__(
        self,
        *,
        service: str,
        kind: str,
        clock: Clock,
        first_wait: timedelta,
        factor: float = 2.0,
        tries: int = 5,
        ask_again: AskAgain,
        give_up: GiveUp,
    ) -> None:
        if tries < 1 or factor < 1 or first_wait <= timedelta():
            raise ValueError("a deadline needs a positive first wait, a factor of at least 1 and at least one try")
        self.service = service
        self.kind = kind
        self.clock = clock
        self.first_wait = first_wait
        self.factor = factor
        self.tries = tries
        self.ask_again = ask_again
        self.give_up = give_up

    def wait(self, attempt: int) -> timedelta:
        """How long the given try waits for its answer."""
        return self.first_wait * self.factor ** (attempt - 1)

    async def start(self, session: AsyncSession, key: str, payload: dict[str, Any] | None = None) -> None:
        """The request went out (in this transaction): its answer is due after the first wait.

        Starting again (a re-run) replaces a step still pending for the key and counts its tries from one.
        """
        now = self.clock.now()
        await cancel_timer(session, self.kind, key, now=now)
        await self._schedule(session, key, payload or {}, 1, now)

    async def answered(self, session: AsyncSession, key: str) -> None:
        """The answer arrived: no further try. Harmless when nothing is pending."""
        await cancel_timer(session, self.kind, key, now=self.clock.now())

    async def hold(self, session: AsyncSession, key: str) -> None:
        """Lock the key's pending try until the transaction ends; call it before locking the item it is about.

        The timer runner locks a timer, then its handler locks the item: a change that locks the item first and
        then cancels or restarts the step would deadlock with a firing. Holding the step first keeps one order:
        the change waits for a firing in progress (and sees its effect), or the runner skips the held timer.
        """
        timers = tables_of(session).timers
        await session.execute(
            select(timers.c.id)
            .where(
                timers.c.kind == self.kind,
                timers.c.key == key,
                timers.c.fired_at.is_(None),
                timers.c.cancelled_at.is_(None),
            )
            .with_for_update()
        )

    async def waiting(self, session: AsyncSession, key: str) -> Waiting | None:
        """The pending try of the key's step, or None when it is not waiting (answered, given up, never started)."""
        timers = tables_of(session).timers
        row = (
            await session.execute(
                select(timers.c.due_at, timers.c.payload)
                .where(
                    timers.c.kind == self.kind,
                    timers.c.key == key,
                    timers.c.fired_at.is_(None),
                    timers.c.cancelled_at.is_(None),
                )
                .order_by(timers.c.due_at.desc())
                .limit(1)
            )
        ).first()
        if row is None:
            return None
        return Waiting(attempt=int(row.payload.get("attempt", 1)), due_at=row.due_at, payload=row.payload["payload"])

    async def on_timer(self, session: AsyncSession, timer: Row[Any]) -> None:
        """The try's deadline passed unanswered: ask again with a longer wait, or give up after the last try."""
        attempt = int(timer.payload.get("attempt", 1))
        payload: dict[str, Any] = dict(timer.payload.get("payload") or {})
        if attempt >= self.tries:
            await self.give_up(session, timer.key, payload)
            DEADLINE_GAVE_UP.labels(self.service, self.kind).inc()
            log.warning("deadline.gave_up", kind=self.kind, key=timer.key, tries=attempt)
            return
        if not await self.ask_again(session, timer.key, payload, attempt + 1):
            log.info("deadline.no_longer_waiting", kind=self.kind, key=timer.key, attempt=attempt)
            return
        now = self.clock.now()
        await self._schedule(session, timer.key, payload, attempt + 1, now)
        DEADLINE_RETRIES.labels(self.service, self.kind).inc()
        log.warning(
            "deadline.asked_again",
            kind=self.kind,
            key=timer.key,
            attempt=attempt + 1,
            tries=self.tries,
            next_due_in_seconds=self.wait(attempt + 1).total_seconds(),
        )

    async def _schedule(
        self, session: AsyncSession, key: str, payload: dict[str, Any], attempt: int, now: datetime
    ) -> None:
        body = {"attempt": attempt, "payload": payload}
        await schedule_timer(session, self.kind, key, now + self.wait(attempt), body)
