"""Notices a broker that lost its state (a restart of the memory-backed dev broker, another cluster behind the same
address) and recovers from it, at start-up as well as while running.

Each service keeps a marker topic of its own on the broker and remembers in its database (`broker_state`) the
cluster it last saw the marker on. A marker that is gone, or a cluster id that changed, means the broker forgot
what it held: the watch creates the topics again, restarts the subscribers (their consumer group starts over from
the earliest record) and has the relay publish again everything sent since the point every consumer had
confirmed. That point is kept by the same watch: now and then it reads the committed offsets of every consumer
group of the service's topics and records the time before which every event it sent was consumed. Consumers'
inboxes drop what they already applied, so the repeat is harmless. A durable Kafka cluster never trips it.
"""

from __future__ import annotations

import asyncio
import time
from collections.abc import Iterable, Sequence
from datetime import datetime

import structlog
from aiokafka import AIOKafkaConsumer, TopicPartition
from aiokafka.admin import AIOKafkaAdminClient
from faststream.kafka import KafkaBroker
from sqlalchemy import BigInteger, ColumnElement, Integer, String, and_, column, func, or_, select, values
from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from servicekit._db import PlatformTables
from servicekit._kafka import ensure_topics
from servicekit._observability import LogThrottle
from servicekit._relay import Relay
from servicekit._settings import ServiceSettings

log = structlog.get_logger()

REJOIN_SECONDS = 30.0


class BrokerWatch:
    def __init__(
        self,
        *,
        settings: ServiceSettings,
        broker: KafkaBroker,
        relay: Relay,
        sessionmaker: async_sessionmaker[AsyncSession],
        tables: PlatformTables,
        topics: Iterable[str],
        publishes: Sequence[str],
    ) -> None:
        self.settings = settings
        self.broker = broker
        self.relay = relay
        self.sessionmaker = sessionmaker
        self.tables = tables
        self.marker = f"_epoch.{settings.service_name}"
        self.topics = (*topics, self.marker)
        self.publishes = tuple(publishes)
        self._confirmed_at = 0.0
        self._admin: AIOKafkaAdminClient | None = None
        # Set from the start of a recovery to its end: the marker topic is made again early in a recovery, so a
        # recovery cut short (a subscriber that could not rejoin yet) would otherwise never be finished.
        self._recovering = False
        self.recovery_failures = LogThrottle("broker_watch.recovery_failed", service=settings.service_name)

    @property
    def _mine(self) -> ColumnElement[bool]:
        return self.tables.broker_state.c.marker == self.marker

    async def start(self) -> bool:
        """Before anything creates the topics: whether the broker lost what this service had seen on it. Then the
        topics are made. Waits for a broker that is still starting."""
        for attempt in range(1, 61):
            try:
                lost = await self.lost_state()
                await ensure_topics(self.settings, self.topics)
                await self.remember()
                return lost
            except Exception as exc:  # the broker may still be starting beside us
                if attempt == 60:
                    raise
                log.warning("kafka.waiting", attempt=attempt, error=str(exc) or type(exc).__name__)
                await asyncio.sleep(1.0)
        raise AssertionError("unreachable")

    async def run(self) -> None:
        try:
            await self._watch()
        finally:
            await self.close()

    async def _watch(self) -> None:
        while True:
            await asyncio.sleep(self.settings.broker_watch_seconds)
            try:
                if self._recovering or await self.lost_state():
                    await self.recover()
                    self.recovery_failures.succeeded()
                else:
                    await self.remember()
                if time.monotonic() - self._confirmed_at >= self.settings.broker_confirm_seconds:
                    await self.confirm()
            except asyncio.CancelledError:
                raise
            except Exception as exc:  # the broker is down: the relay retries, we look again later
                if self._recovering:
                    self.recovery_failures.failed(exc)
                else:
                    log.debug("broker_watch.unreachable", error=str(exc) or type(exc).__name__)

    async def lost_state(self) -> bool:
        """The marker was seen on this broker before and is gone now, or the broker is another cluster."""
        cluster_id, present = await self._look()
        async with self.sessionmaker() as session:
            seen = (await session.execute(select(self.tables.broker_state).where(self._mine))).first()
        if seen is None:
            return False
        return not present or seen.cluster_id != cluster_id

    async def recover(self) -> None:
        if not self._recovering:
            log.warning("broker_watch.broker_lost_state", service=self.settings.service_name)
        self._recovering = True
        await ensure_topics(self.settings, self.topics)
        # Every member leaves before any joins again: members of one group restarted one by one rebalance it
        # over and over.
        for subscriber in self.broker.subscribers:
            await subscriber.stop()
        async with asyncio.timeout(REJOIN_SECONDS):  # a rejoin that hangs is tried again on the next look
            await asyncio.gather(*(subscriber.start() for subscriber in self.broker.subscribers))
        await self.replay()
        await self.remember()
        self._recovering = False

    async def replay(self) -> None:
        async with self.sessionmaker() as session:
            confirmed = await session.scalar(select(self.tables.broker_state.c.confirmed_before).where(self._mine))
        await self.relay.replay_since(confirmed)

    async def remember(self) -> None:
        cluster_id, present = await self._look()
        if not present:
            return
        state = self.tables.broker_state
        async with self.sessionmaker.begin() as session:
            stmt = pg_insert(state).values(marker=self.marker, cluster_id=cluster_id, marker_seen_at=func.now())
            await session.execute(
                stmt.on_conflict_do_update(
                    index_elements=[state.c.marker], set_={"cluster_id": cluster_id, "marker_seen_at": func.now()}
                )
            )

    async def confirm(self) -> datetime | None:
        """Record the time before which every event this service sent is committed by every consumer group of its
        topic (a topic no group reads counts as confirmed); answers it."""
        committed = await self._committed_offsets()
        outbox = self.tables.outbox
        async with self.sessionmaker.begin() as session:
            previous = await session.scalar(select(self.tables.broker_state.c.confirmed_before).where(self._mine))
            unconfirmed: ColumnElement[bool] = outbox.c.topic.in_({topic for topic, _, _ in committed})
            if committed:
                columns = column("topic", String), column("partition", Integer), column("committed", BigInteger)
                offsets = values(*columns, name="offsets").data(committed)
                known = select(offsets.c.committed).where(
                    offsets.c.topic == outbox.c.topic, offsets.c.partition == outbox.c.partition
                )
                unconfirmed = and_(
                    unconfirmed,
                    or_(outbox.c.offset.is_(None), outbox.c.offset >= func.coalesce(known.scalar_subquery(), 0)),
                )
            query = select(func.coalesce(func.min(outbox.c.sent_at), func.now())).where(
                outbox.c.sent_at.is_not(None), unconfirmed
            )
            if previous is not None:
                query = query.where(outbox.c.sent_at >= previous)
            confirmed: datetime = (await session.execute(query)).scalar_one()
            await session.execute(
                self.tables.broker_state.update().where(self._mine).values(confirmed_before=confirmed)
            )
        self._confirmed_at = time.monotonic()
        return confirmed

    async def _look(self) -> tuple[str, bool]:
        admin = await self._admin_client()
        try:
            cluster = await admin.describe_cluster()
            return str(cluster["cluster_id"]), self.marker in await admin.list_topics()
        except Exception:
            await self.close()  # a new connection next time
            raise

    async def _admin_client(self) -> AIOKafkaAdminClient:
        """One admin connection kept between looks (a new one every tick cost more than the look itself)."""
        if self._admin is None:
            admin = AIOKafkaAdminClient(
                bootstrap_servers=self.settings.kafka_bootstrap_servers, request_timeout_ms=3_000
            )
            await admin.start()
            self._admin = admin
        return self._admin

    async def close(self) -> None:
        if self._admin is not None:
            admin, self._admin = self._admin, None
            await admin.close()

    async def _committed_offsets(self) -> list[tuple[str, int, int]]:
        """(topic, partition, lowest committed offset) over the consumer groups that read each of our topics."""
        bootstrap = self.settings.kafka_bootstrap_servers
        listed = await (await self._admin_client()).list_consumer_groups()
        groups = [group for group, protocol, *_ in listed if protocol == "consumer"]
        lowest: dict[tuple[str, int], int] = {}
        for group in groups:
            reader = AIOKafkaConsumer(bootstrap_servers=bootstrap, group_id=group, enable_auto_commit=False)
            try:  # stopped even when its start is cancelled by a shutdown
                await reader.start()
                await reader.topics()  # the partitions of every topic
                for topic in self.publishes:
                    partitions = reader.partitions_for_topic(topic)
                    if partitions is None:  # not known now: the confirmed point stays where it was
                        raise RuntimeError(f"no partitions known for {topic}")
                    offsets = {p: await reader.committed(TopicPartition(topic, p)) for p in sorted(partitions)}
                    if all(offset is None for offset in offsets.values()):
                        continue  # a group that does not read this topic
                    for partition, offset in offsets.items():
                        key = (topic, partition)  # a partition it has not committed on yet: none of it consumed
                        lowest[key] = min(lowest.get(key, offset or 0), offset or 0)
            finally:
                await reader.stop()
        return [(topic, partition, offset) for (topic, partition), offset in lowest.items()]
