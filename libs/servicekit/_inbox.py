"""Idempotent consumers: the inbox records an event id in the same transaction as its effect.

With FastStream's NACK_ON_ERROR a failing message is sought back and retried in order; attempts are
counted in the database, and a message that keeps failing is parked so it cannot stall its partition.
"""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable, Sequence
from typing import Any, Protocol, TypeVar, cast

import structlog
from faststream import AckPolicy
from faststream.kafka import KafkaBroker
from faststream.kafka.annotations import KafkaMessage
from sqlalchemy import insert
from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from contracts.envelope import Envelope, Event
from contracts.events import decode
from servicekit._db import PlatformTables
from servicekit._observability import EVENTS_CONSUMED, MESSAGES_PARKED, REQUEST_ID_HEADER
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


async def claim(session: AsyncSession, tables: PlatformTables, envelope: Envelope) -> bool:
    """Record the event as applied; False when it already was (a redelivery or a duplicate publish)."""
    result = await session.execute(
        pg_insert(tables.inbox)
        .values(event_id=envelope.id, event_type=envelope.type)
        .on_conflict_do_nothing()
        .returning(tables.inbox.c.event_id)
    )
    return result.first() is not None


class Consumer:
    """Dispatches one topic's events to handlers, exactly once in effect."""

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

    def subscribe(self, broker: KafkaBroker, topic: str) -> None:
        @broker.subscriber(
            topic,
            group_id=self.group,
            ack_policy=AckPolicy.NACK_ON_ERROR,
            auto_offset_reset="earliest",
            session_timeout_ms=self.settings.kafka_session_timeout_ms,
            heartbeat_interval_ms=self.settings.kafka_heartbeat_interval_ms,
            title=f"{self.group}:{topic}",
        )
        async def on_message(message: KafkaMessage) -> None:
            await self.handle(message)

    async def handle(self, message: KafkaMessage) -> None:
        record = cast(KafkaRecord, message.raw_message)
        headers = {k: v.decode(errors="replace") for k, v in record.headers or ()}
        structlog.contextvars.clear_contextvars()
        structlog.contextvars.bind_contextvars(
            service=self.service,
            request_id=headers.get(REQUEST_ID_HEADER),
            topic=record.topic,
        )
        try:
            await self._apply(message.body)
        except Exception as exc:
            attempts = await self._record_failure(record, exc)
            if attempts >= self.max_attempts:
                await self._park(record, exc, attempts)
                return
            await asyncio.sleep(min(0.1 * 2**attempts, 5.0))
            raise

    async def _apply(self, body: bytes) -> None:
        envelope = Envelope.model_validate_json(body)
        if not self.handlers.handles(envelope.type):
            EVENTS_CONSUMED.labels(self.service, envelope.type, "ignored").inc()
            return
        async with self.sessionmaker.begin() as session:
            if self.inbox and not await claim(session, self.tables, envelope):
                EVENTS_CONSUMED.labels(self.service, envelope.type, "duplicate").inc()
                log.info("event.duplicate_skipped", event_id=str(envelope.id), type=envelope.type)
                return
            await self.handlers.apply(session, envelope)
        EVENTS_CONSUMED.labels(self.service, envelope.type, "applied").inc()

    async def _record_failure(self, record: KafkaRecord, exc: Exception) -> int:
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
        log.warning("event.failed", attempts=attempts, error=repr(exc)[:500])
        return attempts

    async def _park(self, record: KafkaRecord, exc: Exception, attempts: int) -> None:
        async with self.sessionmaker.begin() as session:
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
