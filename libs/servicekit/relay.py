"""Publishes outbox rows to Kafka and marks them sent; a broker that is down delays events, never loses them."""

from __future__ import annotations

import asyncio
from datetime import timedelta

import orjson
import structlog
from aiokafka import AIOKafkaConsumer, TopicPartition
from faststream.kafka import KafkaBroker
from sqlalchemy import func, select, update
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from servicekit.db import PlatformTables
from servicekit.kafka import ensure_topics
from servicekit.observability import EVENTS_PUBLISHED, OUTBOX_PENDING
from servicekit.settings import ServiceSettings

log = structlog.get_logger()


class Relay:
    def __init__(
        self,
        *,
        settings: ServiceSettings,
        sessionmaker: async_sessionmaker[AsyncSession],
        broker: KafkaBroker,
        tables: PlatformTables,
        topics: tuple[str, ...],
    ) -> None:
        self.settings = settings
        self.sessionmaker = sessionmaker
        self.broker = broker
        self.outbox = tables.outbox
        self.topics = topics
        self._wake = asyncio.Event()
        self._check_broker = True

    def wake(self) -> None:
        self._wake.set()

    async def run(self) -> None:
        backoff = 0.5
        while True:
            self._wake.clear()
            try:
                if self._check_broker:
                    await self._replay_if_broker_lost_events()
                    self._check_broker = False
                while await self.publish_batch() == self.settings.outbox_batch_size:
                    pass
                backoff = 0.5
            except asyncio.CancelledError:
                raise
            except Exception as exc:
                log.warning("outbox.publish_failed", error=str(exc) or type(exc).__name__, retry_in=backoff)
                self._check_broker = True
                await asyncio.sleep(backoff)
                backoff = min(backoff * 2, 30.0)
                continue
            try:
                await asyncio.wait_for(self._wake.wait(), self.settings.outbox_poll_seconds)
            except TimeoutError:
                pass

    async def publish_batch(self) -> int:
        """Publish the oldest unsent rows; answers how many went out."""
        async with self.sessionmaker.begin() as session:
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
                    .with_for_update(skip_locked=True)
                )
            ).all()
            if not rows:
                OUTBOX_PENDING.labels(self.settings.service_name).set(0)
                return 0
            # Sent together so the producer batches them; per-key order holds within a partition.
            await asyncio.gather(
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
            await session.execute(
                update(self.outbox).where(self.outbox.c.id.in_([r.id for r in rows])).values(sent_at=func.now())
            )
        EVENTS_PUBLISHED.labels(self.settings.service_name).inc(len(rows))
        return len(rows)

    async def _replay_if_broker_lost_events(self) -> None:
        """A memory-backed broker forgets everything when it restarts: publish the recent past again.

        Detected by the topics holding fewer records than we sent within the replay window.
        Consumers' inboxes drop what they already applied, so a replay is harmless.
        """
        await ensure_topics(self.settings, self.topics)
        window = self.settings.outbox_replay_window_seconds
        if window <= 0:
            return
        since = func.now() - timedelta(seconds=window)
        async with self.sessionmaker.begin() as session:
            sent_recently = await session.scalar(
                select(func.count()).select_from(self.outbox).where(self.outbox.c.sent_at > since)
            )
            if not sent_recently or await self._records_on_broker() >= sent_recently:
                return
            replayed = (
                await session.execute(update(self.outbox).where(self.outbox.c.sent_at > since).values(sent_at=None))
            ).rowcount
        log.warning("outbox.replaying", events=replayed, reason="broker holds fewer events than were sent")

    async def _records_on_broker(self) -> int:
        consumer = AIOKafkaConsumer(bootstrap_servers=self.settings.kafka_bootstrap_servers)
        await consumer.start()
        try:
            partitions = [
                TopicPartition(topic, p)
                for topic in self.topics
                for p in (consumer.partitions_for_topic(topic) or await self._partitions(consumer, topic))
            ]
            ends = await consumer.end_offsets(partitions)
            return sum(ends.values())
        finally:
            await consumer.stop()

    @staticmethod
    async def _partitions(consumer: AIOKafkaConsumer, topic: str) -> set[int]:
        await consumer._client.force_metadata_update()  # noqa: SLF001 - aiokafka has no public refresh
        return consumer.partitions_for_topic(topic) or set()
