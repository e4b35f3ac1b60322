"""Idempotent consumers: the inbox records an event id in the same transaction as its effect.

Consumption is batched (see Consumer); attempts of a failing event are counted in the database, and an event that
keeps failing is parked so it cannot stall its partition.
"""

from __future__ import annotations

import asyncio
import uuid
from collections.abc import Awaitable, Callable, Sequence
from typing import Any, Protocol, TypeVar, cast

import structlog
from faststream import AckPolicy
from faststream.kafka import KafkaBroker
from faststream.kafka.annotations import KafkaMessage
from sqlalchemy import delete, insert, text
from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from contracts.envelope import Envelope, Event
from contracts.events import decode
from servicekit._db import PlatformTables
from servicekit._observability import EVENTS_CONSUMED, MESSAGES_PARKED, REQUEST_ID_HEADER, LogThrottle
from servicekit._settings import ServiceSettings

log = structlog.get_logger()

E = TypeVar("E", bound=Event)


class KafkaRecord(Protocol):
    """What the consumer reads of an aiokafka ConsumerRecord."""

    topic: str
    partition: int
    offset: int
    key: bytes | None
    value: bytes | None
    headers: Sequence[tuple[str, bytes]]


class EventHandlers:
    """What a consumer does with each event type; every handler receives the event as its own class.

    handlers = EventHandlers()
    handlers.add(ScreeningCleared, on_screening_cleared)   # async (session, ScreeningCleared, envelope) -> None
    """

    def __init__(self) -> None:
        self._handlers: dict[str, tuple[type[Event], Callable[[AsyncSession, Any, Envelope], Awaitable[None]]]] = {}

    def add(self, event_type: type[E], handler: Callable[[AsyncSession, E, Envelope], Awaitable[None]]) -> None:
        self._handlers[event_type.type] = (event_type, handler)

    def merged(self, other: EventHandlers) -> EventHandlers:
        """Both sets of handlers; an event type both handle is refused, so no handler is silently dropped."""
        if clash := set(self._handlers) & set(other._handlers):
            raise ValueError(f"two handlers for {sorted(clash)}")
        both = EventHandlers()
        both._handlers = {**self._handlers, **other._handlers}
        return both

    def chained(self, other: EventHandlers) -> EventHandlers:
        """Both sets of handlers; for an event type both handle, this one's runs first, then the other's, in the
        same transaction (a platform concern riding along a service's own handling of the same event)."""
        both = EventHandlers()
        both._handlers = {**self._handlers, **other._handlers}
        for name in set(self._handlers) & set(other._handlers):
            event_type, first = self._handlers[name]
            second = other._handlers[name][1]

            async def run(
                session: AsyncSession,
                event: Any,
                envelope: Envelope,
                first: Callable[[AsyncSession, Any, Envelope], Awaitable[None]] = first,
                second: Callable[[AsyncSession, Any, Envelope], Awaitable[None]] = second,
            ) -> None:
                await first(session, event, envelope)
                await second(session, event, envelope)

            both._handlers[name] = (event_type, run)
        return both

    @property
    def types(self) -> tuple[str, ...]:
        return tuple(self._handlers)

    def handles(self, event_type: str) -> bool:
        return event_type in self._handlers

    async def apply(self, session: AsyncSession, envelope: Envelope) -> None:
        event_class, handler = self._handlers[envelope.type]
        event = decode(envelope)
        if not isinstance(event, event_class):  # the registry and the contract disagree: a bug, not bad data
            raise TypeError(f"{envelope.type} decoded as {type(event).__name__}, not {event_class.__name__}")
        await handler(session, event, envelope)


async def claim(session: AsyncSession, tables: PlatformTables, envelopes: Sequence[Envelope]) -> set[uuid.UUID]:
    """Record the events as applied, in one statement; answers the ids that were not recorded before (the rest are
    redeliveries or duplicate publishes)."""
    if not envelopes:
        return set()
    result = await session.execute(
        pg_insert(tables.inbox)
        .values([{"event_id": e.id, "event_type": e.type} for e in envelopes])
        .on_conflict_do_nothing()
        .returning(tables.inbox.c.event_id)
    )
    return set(result.scalars())


class Consumer:
    """Dispatches one topic's events to handlers, exactly once in effect, a batch at a time.

    Each poll hands over a batch; its records are grouped by partition and the partitions applied concurrently,
    each in one transaction: the inbox claims of the whole group in one statement, then every event in offset
    order (one customer's events stay in order), with the outbox rows their handlers stage. Should one fail, the
    group is rolled back and applied again with a savepoint for each event.
    Offsets are committed once, after every partition's transaction committed. An event whose handler fails is
    retried in place; after `consumer_max_attempts` it is parked and the rest of its batch goes on. A failure of
    the transaction itself (the database went away) fails the batch: FastStream seeks back and it is delivered
    again, and the inbox drops what had already been applied.
    """

    def __init__(
        self,
        *,
        service: str,
        sessionmaker: async_sessionmaker[AsyncSession],
        tables: PlatformTables,
        handlers: EventHandlers,
        settings: ServiceSettings,
        group: str | None = None,
        inbox: bool = True,
    ) -> None:
        self.service = service
        self.sessionmaker = sessionmaker
        self.tables = tables
        self.handlers = handlers
        self.settings = settings
        # A second consumer of the same events needs its own group; one whose effect is idempotent by
        # itself (a unique key) skips the inbox, which records each event id once per service.
        self.group = group or service
        self.inbox = inbox
        self.max_attempts = settings.consumer_max_attempts
        self.batch_failures = LogThrottle("event.batch_failed", service=service, group=self.group)

    def subscribe(self, broker: KafkaBroker, *topics: str) -> None:
        @broker.subscriber(
            *topics,
            group_id=self.group,
            batch=True,
            max_records=self.settings.consumer_batch_size,
            batch_timeout_ms=self.settings.consumer_batch_wait_ms,
            ack_policy=AckPolicy.NACK_ON_ERROR,
            auto_offset_reset="earliest",
            session_timeout_ms=self.settings.kafka_session_timeout_ms,
            heartbeat_interval_ms=self.settings.kafka_heartbeat_interval_ms,
            title=f"{self.group}:{','.join(topics)}",
        )
        async def on_batch(message: KafkaMessage) -> None:
            raw = message.raw_message
            await self.handle_batch(cast(Sequence[KafkaRecord], raw if isinstance(raw, tuple) else (raw,)))

    async def handle_batch(self, records: Sequence[KafkaRecord]) -> None:
        partitions: dict[tuple[str, int], list[KafkaRecord]] = {}
        for record in records:
            partitions.setdefault((record.topic, record.partition), []).append(record)
        outcomes = await asyncio.gather(
            *(self._apply_partition(group) for group in partitions.values()), return_exceptions=True
        )
        if failure := next((o for o in outcomes if isinstance(o, BaseException)), None):
            self.batch_failures.failed(failure, records=len(records))
            await asyncio.sleep(min(0.1 * 2**self.batch_failures.failures, 5.0))
            raise failure
        self.batch_failures.succeeded()

    async def _apply_partition(self, records: Sequence[KafkaRecord]) -> None:
        items = [(record, _envelope(record)) for record in records]
        try:
            await self._apply_group(items, careful=False)
        except Exception:  # one of them failed, and the whole group rolled back: again, each in a savepoint
            await self._apply_group(items, careful=True)

    async def _apply_group(self, items: Sequence[tuple[KafkaRecord, Envelope | None]], *, careful: bool) -> None:
        """Apply the records in one transaction; `careful` gives each a savepoint, so one that fails is retried and
        parked alone (the fast path has none: a savepoint costs two round trips an event)."""
        async with self.sessionmaker.begin() as session:
            wanted = [e for _, e in items if e is not None and self.handlers.handles(e.type)]
            claimed = await claim(session, self.tables, wanted) if self.inbox else {e.id for e in wanted}
            for record, envelope in items:
                _bind_context(self.service, record)
                if careful:
                    await self._apply_alone(session, record, envelope, claimed)
                else:
                    self._count(*await self._apply(session, record, envelope, claimed))

    async def _apply_alone(
        self, session: AsyncSession, record: KafkaRecord, envelope: Envelope | None, claimed: set[uuid.UUID]
    ) -> None:
        while True:
            try:
                async with session.begin_nested():
                    outcome = await self._apply(session, record, envelope, claimed)
            except Exception as exc:
                if not await _usable(session):  # the transaction is gone with its connection: the batch fails
                    raise
                attempts = await self._record_failure(record, exc)
                if attempts >= self.max_attempts:
                    await self._park(session, record, exc, attempts)
                    return
                await asyncio.sleep(min(0.1 * 2**attempts, 5.0))
                continue
            self._count(*outcome)
            return

    async def _apply(
        self, session: AsyncSession, record: KafkaRecord, envelope: Envelope | None, claimed: set[uuid.UUID]
    ) -> tuple[str, Envelope]:
        if envelope is None:  # bad data fails every attempt: parked
            envelope = Envelope.model_validate_json(record.value or b"")
        if not self.handlers.handles(envelope.type):
            return "ignored", envelope
        if envelope.id not in claimed:  # applied before, or earlier in this batch
            return "duplicate", envelope
        await self.handlers.apply(session, envelope)
        claimed.discard(envelope.id)
        return "applied", envelope

    def _count(self, outcome: str, envelope: Envelope) -> None:
        EVENTS_CONSUMED.labels(self.service, envelope.type, outcome).inc()
        if outcome == "duplicate":
            log.info("event.duplicate_skipped", event_id=str(envelope.id), type=envelope.type)

    async def _record_failure(self, record: KafkaRecord, exc: Exception) -> int:
        """Count the attempt in its own transaction, so a crash or a restart keeps the count."""
        table = self.tables.delivery_failures
        async with self.sessionmaker.begin() as session:
            stmt = pg_insert(table).values(
                topic=record.topic,
                partition=record.partition,
                offset=record.offset,
                attempts=1,
                last_error=repr(exc)[:2000],
            )
            attempts: int = (
                await session.execute(
                    stmt.on_conflict_do_update(
                        index_elements=[table.c.topic, table.c.partition, table.c.offset],
                        set_={"attempts": table.c.attempts + 1, "last_error": stmt.excluded.last_error},
                    ).returning(table.c.attempts)
                )
            ).scalar_one()
        log.warning("event.failed", attempts=attempts, offset=record.offset, error=repr(exc)[:500])
        return attempts

    async def _park(self, session: AsyncSession, record: KafkaRecord, exc: Exception, attempts: int) -> None:
        """Keep the message beside its error, in the batch's transaction; its inbox claim goes, so a replay of the
        parked message is applied."""
        if (envelope := _envelope(record)) is not None:
            await session.execute(delete(self.tables.inbox).where(self.tables.inbox.c.event_id == envelope.id))
        await session.execute(
            insert(self.tables.parked_messages).values(
                topic=record.topic,
                partition=record.partition,
                offset=record.offset,
                key=(record.key or b"").decode(errors="replace"),
                value=(record.value or b"").decode(errors="replace"),
                error=repr(exc)[:2000],
                attempts=attempts,
            )
        )
        MESSAGES_PARKED.labels(self.service, record.topic).inc()
        log.error("event.parked", attempts=attempts, offset=record.offset)


def _bind_context(service: str, record: KafkaRecord) -> None:
    headers = {k: v.decode(errors="replace") for k, v in record.headers or ()}
    structlog.contextvars.clear_contextvars()
    structlog.contextvars.bind_contextvars(
        service=service, request_id=headers.get(REQUEST_ID_HEADER), topic=record.topic
    )


def _envelope(record: KafkaRecord) -> Envelope | None:
    try:
        return Envelope.model_validate_json(record.value or b"")
    except ValueError:
        return None


async def _usable(session: AsyncSession) -> bool:
    """Whether the session's transaction still answers (a handler's error was its own, not the connection's)."""
    try:
        await session.execute(text("SELECT 1"))
    except Exception:
        return False
    return True
