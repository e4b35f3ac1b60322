"""Keeps the platform tables small: forgets what can no longer matter, on the service's clock.

- idempotency keys after `idempotency_retention_hours` (a client retries within minutes, not days);
- sent outbox rows after `outbox_retention_days` (the broker holds them; replay needs only the last hour);
- inbox entries after `inbox_retention_days` (longer than the broker keeps a record, so no duplicate can
  arrive after its id is forgotten).
"""

from __future__ import annotations

import asyncio
from datetime import datetime, timedelta
from typing import Any, cast

import structlog
from sqlalchemy import CursorResult, delete
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from servicekit._clock import Clock
from servicekit._db import PlatformTables
from servicekit._observability import LogThrottle
from servicekit._settings import ServiceSettings

log = structlog.get_logger()


async def purge(
    sessionmaker: async_sessionmaker[AsyncSession], tables: PlatformTables, settings: ServiceSettings, now: datetime
) -> dict[str, int]:
    cutoffs = (
        (
            tables.idempotency_keys,
            tables.idempotency_keys.c.created_at,
            timedelta(hours=settings.idempotency_retention_hours),
        ),
        (tables.outbox, tables.outbox.c.sent_at, timedelta(days=settings.outbox_retention_days)),
        (tables.inbox, tables.inbox.c.received_at, timedelta(days=settings.inbox_retention_days)),
    )
    removed = {}
    async with sessionmaker.begin() as session:
        for table, column, keep in cutoffs:
            result = await session.execute(delete(table).where(column < now - keep))
            removed[table.name] = cast(CursorResult[Any], result).rowcount
    return removed


class Housekeeping:
    def __init__(
        self,
        *,
        sessionmaker: async_sessionmaker[AsyncSession],
        tables: PlatformTables,
        settings: ServiceSettings,
        clock: Clock,
    ) -> None:
        self.sessionmaker, self.tables, self.settings, self.clock = sessionmaker, tables, settings, clock

    async def run(self) -> None:
        throttle = LogThrottle("housekeeping.failed")
        while True:
            try:
                removed = await purge(self.sessionmaker, self.tables, self.settings, self.clock.now())
                if any(removed.values()):
                    log.info("housekeeping.purged", **removed)
            except asyncio.CancelledError:
                raise
            except Exception as exc:
                throttle.failed(exc)
            else:
                throttle.succeeded()
            await asyncio.sleep(self.settings.housekeeping_interval_seconds)
