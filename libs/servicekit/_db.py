"""Engine, sessions and the platform tables (outbox, inbox, timers, idempotency) each service owns."""

from __future__ import annotations

import uuid
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from sqlalchemy import (
    JSON,
    BigInteger,
    Column,
    DateTime,
    Index,
    Integer,
    MetaData,
    String,
    Table,
    Text,
    Uuid,
    event,
    func,
    text,
)
from sqlalchemy.dialects.postgresql import JSONB
from sqlalchemy.ext.asyncio import AsyncEngine, AsyncSession, async_sessionmaker, create_async_engine
from sqlalchemy.orm import Session

NAMING_CONVENTION = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}

Json = JSON().with_variant(JSONB(), "postgresql")


def new_metadata() -> MetaData:
    return MetaData(naming_convention=NAMING_CONVENTION)


@dataclass(frozen=True)
class PlatformTables:
    outbox: Table
    inbox: Table
    delivery_failures: Table
    parked_messages: Table
    timers: Table
    idempotency_keys: Table
    revoked_clients: Table  # API clients whose tokens are refused before they expire
    closed_tenants: Table  # suspended, cancelled or deleted customers: their subtree's tokens are refused
    rate_limits: Table  # per API client, its GCRA theoretical arrival time (servicekit._rate_limit)
    broker_state: Table  # the broker the service last saw, and what every consumer confirmed of its events


def platform_tables(metadata: MetaData) -> PlatformTables:
    """Declare the platform tables on a service's metadata (its migrations create them)."""
    ts = DateTime(timezone=True)
    return PlatformTables(
        outbox=Table(
            "outbox",
            metadata,
            Column("id", BigInteger, primary_key=True, autoincrement=True),
            Column("event_id", Uuid, nullable=False, unique=True),
            Column("topic", String(200), nullable=False),
            Column("key", String(200), nullable=False),
            Column("payload", Json, nullable=False),
            Column("headers", Json, nullable=False),
            Column("created_at", ts, nullable=False, server_default=func.now()),
            Column("sent_at", ts),
            # Where the broker stored it: with the consumer groups' committed offsets, what every consumer confirmed.
            Column("partition", Integer),
            Column("offset", BigInteger),
            Index("ix_outbox_unsent", "id", postgresql_where=text("sent_at IS NULL")),
            Index("ix_outbox_sent_at", "sent_at"),
        ),
        inbox=Table(
            "inbox",
            metadata,
            Column("event_id", Uuid, primary_key=True),
            Column("event_type", String(200), nullable=False),
            Column("received_at", ts, nullable=False, server_default=func.now()),
        ),
        delivery_failures=Table(
            "delivery_failures",
            metadata,
            Column("topic", String(200), primary_key=True),
            Column("partition", Integer, primary_key=True),
            Column("offset", BigInteger, primary_key=True),
            Column("attempts", Integer, nullable=False),
            Column("last_error", Text, nullable=False),
            Column("updated_at", ts, nullable=False, server_default=func.now()),
        ),
        parked_messages=Table(
            "parked_messages",
            metadata,
            Column("id", BigInteger, primary_key=True, autoincrement=True),
            Column("topic", String(200), nullable=False),
            Column("partition", Integer, nullable=False),
            Column("offset", BigInteger, nullable=False),
            Column("key", Text),
            Column("value", Text, nullable=False),
            Column("error", Text, nullable=False),
            Column("attempts", Integer, nullable=False),
            Column("parked_at", ts, nullable=False, server_default=func.now()),
        ),
        timers=Table(
            "timers",
            metadata,
            Column("id", Uuid, primary_key=True, default=uuid.uuid4),
            Column("kind", String(100), nullable=False),
            Column("key", String(200), nullable=False),
            Column("due_at", ts, nullable=False),
            Column("payload", Json, nullable=False),
            Column("created_at", ts, nullable=False, server_default=func.now()),
            Column("fired_at", ts),
            Column("cancelled_at", ts),
            Index(
                "ix_timers_pending_due", "due_at", postgresql_where=text("fired_at IS NULL AND cancelled_at IS NULL")
            ),
        ),
        idempotency_keys=Table(
            "idempotency_keys",
            metadata,
            Column("principal", String(200), primary_key=True),
            Column("key", String(200), primary_key=True),
            Column("request_hash", String(64), nullable=False),
            Column("status_code", Integer),
            Column("response_body", Json),
            Column("response_headers", Json),
            Column("created_at", ts, nullable=False, server_default=func.now()),
        ),
        revoked_clients=Table(
            "revoked_clients",
            metadata,
            Column("client_id", String(100), primary_key=True),
            Column("customer_id", Uuid, nullable=False),
            Column("revoked_at", ts, nullable=False, server_default=func.now()),
        ),
        closed_tenants=Table(
            "closed_tenants",
            metadata,
            Column("customer_id", Uuid, primary_key=True),
            Column("tenant_path", String(4000), nullable=False),
            Column("state", String(40), nullable=False),
            Column("closed_at", ts, nullable=False, server_default=func.now()),
        ),
        rate_limits=Table(
            "rate_limits",
            metadata,
            Column("key", String(200), primary_key=True),
            Column("tat", ts, nullable=False),
        ),
        broker_state=Table(
            "broker_state",
            metadata,
            Column("marker", String(200), primary_key=True),  # the service's marker topic
            Column("cluster_id", String(200), nullable=False),
            Column("marker_seen_at", ts, nullable=False),
            # Every event sent before this was consumed by every consumer group of its topic.
            Column("confirmed_before", ts),
        ),
    )


def create_engine(url: str, *, pool_size: int = 10) -> AsyncEngine:
    return create_async_engine(url, pool_size=pool_size, max_overflow=pool_size, pool_pre_ping=True)


def create_sessionmaker(
    engine: AsyncEngine, tables: PlatformTables, on_outbox_commit: Callable[[], None], *, service: str
) -> async_sessionmaker[AsyncSession]:
    """Sessions carry the service's platform tables and name, and wake the relay when they commit events."""
    return async_sessionmaker(
        engine,
        expire_on_commit=False,
        info={"platform": tables, "on_outbox_commit": on_outbox_commit, "source": f"/services/{service}"},
    )


def tables_of(session: AsyncSession) -> PlatformTables:
    tables: PlatformTables = session.info["platform"]
    return tables


def event_source(session: AsyncSession) -> str:
    """The CloudEvents `source` of what this session's service emits."""
    source: str = session.info["source"]
    return source


@event.listens_for(Session, "after_commit")
def _wake_relay(session: Session) -> None:
    if session.info.pop("outbox_pending", False):
        session.info["on_outbox_commit"]()


def utcnow_sql() -> Any:
    return func.now()
