"""Publishes outbox rows to Kafka and marks them sent; a broker that is down delays events, never loses them."""

from __future__ import annotations

import asyncio
from datetime import datetime, timedelta
from typing import Any, cast

import orjson
import structlog
from faststream.kafka import KafkaBroker
from sqlalchemy import BigInteger, ColumnElement, CursorResult, Integer, column, func, select, update, values
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from servicekit._db import PlatformTables
from servicekit._observability import EVENTS_PUBLISHED, OUTBOX_PENDING, LogThrottle
from servicekit._settings import ServiceSettings

log = structlog.get_logger()
RELAY_LOCK = 0x6F7574626F78  # pg_advisory_xact_lock key of the relay, in each service's own database


class Relay:
    def __init__(
        self,
        *,
        settings: ServiceSettings,
        sessionmaker: async_sessionmaker[AsyncSession],
        broker: KafkaBroker,
        tables: PlatformTables,
    ) -> None:
        self.settings = settings
        self.sessionmaker = sessionmaker
        self.broker = broker
        self.outbox = tables.outbox
        self._wake = asyncio.Event()
        self.failures = LogThrottle("outbox.publish_failed", service=settings.service_name)

    def wake(self) -> None:
        self._wake.set()

    async def run(self) -> None:
        backoff = 0.5
        while True:
            self._wake.clear()
            try:
                while await self.publish_batch() == self.settings.outbox_batch_size:
                    pass
                backoff = 0.5
            except asyncio.CancelledError:
                raise
            except Exception as exc:
                self.failures.failed(exc, retry_in=backoff)
                await self._sleep(backoff)
                backoff = min(backoff * 2, 5.0)
                continue
            self.failures.succeeded()
            await self._sleep(self.settings.outbox_poll_seconds)

    async def _sleep(self, seconds: float) -> None:
        """Sleep, cut short by a commit that added outbox rows (or by a replay)."""
        try:
            await asyncio.wait_for(self._wake.wait(), seconds)
        except TimeoutError:
            pass

    async def publish_batch(self) -> int:
        """Publish the oldest unsent rows; answers how many went out."""
        async with self.sessionmaker.begin() as session:
            # One relay of the service publishes at a time (replicas queue here), so rows go out in id order and
            # one customer's events keep their order on the topic.
            await session.execute(select(func.pg_advisory_xact_lock(RELAY_LOCK)))
            rows = (
                await session.execute(
                    select(
                        self.outbox.c.id,
                        self.outbox.c.topic,
                        self.outbox.c.key,
                        self.outbox.c.payload,
                        self.outbox.c.headers,
                    )
                    .where(self.outbox.c.sent_at.is_(None))
                    .order_by(self.outbox.c.id)
                    .limit(self.settings.outbox_batch_size)
                )
            ).all()
            if not rows:
                OUTBOX_PENDING.labels(self.settings.service_name).set(0)
                return 0
            # Sent together so the producer batches them; per-key order holds within a partition.
            stored = await asyncio.gather(
                *(
                    self.broker.publish(
                        orjson.dumps(row.payload),
                        topic=row.topic,
                        key=row.key.encode(),
                        headers={**row.headers, "content-type": "application/cloudevents+json"},
                    )
                    for row in rows
                )
            )
            where = values(
                column("id", BigInteger), column("partition", Integer), column("offset", BigInteger), name="stored"
            ).data([(row.id, meta.partition, meta.offset) for row, meta in zip(rows, stored, strict=True)])
            await session.execute(
                update(self.outbox)
                .where(self.outbox.c.id == where.c.id)
                .values(sent_at=func.now(), partition=where.c.partition, offset=where.c.offset)
            )
        EVENTS_PUBLISHED.labels(self.settings.service_name).inc(len(rows))
        return len(rows)

    async def replay_since(self, confirmed_before: datetime | None) -> None:
        """Publish again what was sent since every consumer last confirmed (the broker lost it); without a confirmed
        point, what was sent within the replay window."""
        since: ColumnElement[datetime] | datetime = confirmed_before or (
            func.now() - timedelta(seconds=self.settings.outbox_replay_window_seconds)
        )
        async with self.sessionmaker.begin() as session:
            result = await session.execute(
                update(self.outbox)
                .where(self.outbox.c.sent_at >= since)
                .values(sent_at=None, partition=None, offset=None)
            )
            replayed = cast(CursorResult[Any], result).rowcount
        log.warning("outbox.replaying", events=replayed, since=str(confirmed_before or "the replay window"))
        self.wake()
