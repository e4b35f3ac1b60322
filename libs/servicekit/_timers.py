"""Durable timers: deadlines live in the database and fire on the injected clock, surviving restarts."""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable, Mapping
from datetime import datetime
from typing import Any

import structlog
from sqlalchemy import Row, insert, select, update
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from servicekit._clock import Clock
from servicekit._db import PlatformTables, tables_of
from servicekit._observability import TIMERS_FIRED, LogThrottle

log = structlog.get_logger()

TimerHandler = Callable[[AsyncSession, Row[Any]], Awaitable[None]]


async def schedule_timer(
    session: AsyncSession, kind: str, key: str, due_at: datetime, payload: dict[str, Any] | None = None
) -> None:
    await session.execute(
        insert(tables_of(session).timers).values(kind=kind, key=key, due_at=due_at, payload=payload or {})
    )


async def cancel_timer(session: AsyncSession, kind: str, key: str, *, now: datetime) -> None:
    timers = tables_of(session).timers
    await session.execute(
        update(timers)
        .where(timers.c.kind == kind, timers.c.key == key, timers.c.fired_at.is_(None), timers.c.cancelled_at.is_(None))
        .values(cancelled_at=now)
    )


class TimerRunner:
    def __init__(
        self,
        *,
        service: str,
        sessionmaker: async_sessionmaker[AsyncSession],
        tables: PlatformTables,
        clock: Clock,
        handlers: Mapping[str, TimerHandler],
        poll_seconds: float,
    ) -> None:
        self.service = service
        self.sessionmaker = sessionmaker
        self.timers = tables.timers
        self.clock = clock
        self.handlers = handlers
        self.poll_seconds = poll_seconds
        self.failures = LogThrottle("timers.failed", service=service)  # a database that is down: a line a minute

    async def run(self) -> None:
        while True:
            try:
                await self.fire_due()
            except asyncio.CancelledError:
                raise
            except Exception as exc:
                self.failures.failed(exc)
            else:
                self.failures.succeeded()
            await asyncio.sleep(self.poll_seconds)

    async def fire_due(self) -> int:
        """Fire every timer due by the clock's now, each in its own transaction with its effect."""
        fired = 0
        while True:
            async with self.sessionmaker.begin() as session:
                now = self.clock.now()
                timer = (
                    await session.execute(
                        select(self.timers)
                        .where(
                            self.timers.c.due_at <= now,
                            self.timers.c.fired_at.is_(None),
                            self.timers.c.cancelled_at.is_(None),
                        )
                        .order_by(self.timers.c.due_at)
                        .limit(1)
                        .with_for_update(skip_locked=True)
                    )
                ).first()
                if timer is None:
                    return fired
                handler = self.handlers.get(timer.kind)
                if handler is not None:
                    await handler(session, timer)
                else:
                    log.error("timers.no_handler", kind=timer.kind)
                await session.execute(update(self.timers).where(self.timers.c.id == timer.id).values(fired_at=now))
            TIMERS_FIRED.labels(self.service, timer.kind).inc()
            fired += 1
