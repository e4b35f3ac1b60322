"""The platform tables forget only what can no longer matter."""

from __future__ import annotations

import uuid
from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy import insert, select

from customers.models import platform
from devstack.services import Services
from servicekit import purge

pytestmark = pytest.mark.asyncio(loop_scope="session")


async def test_old_keys_sent_events_and_inbox_ids_go_and_everything_else_stays(services: Services) -> None:
    runtime = services.customers.runtime
    now = datetime.now(UTC)
    old_key, fresh_key = f"old-{uuid.uuid4()}", f"fresh-{uuid.uuid4()}"
    old_sent, unsent_old, fresh_sent = uuid.uuid4(), uuid.uuid4(), uuid.uuid4()
    old_seen, fresh_seen = uuid.uuid4(), uuid.uuid4()
    async with runtime.sessionmaker.begin() as session:
        await session.execute(
            insert(platform.idempotency_keys),
            [
                {
                    "principal": "housekeeping",
                    "key": old_key,
                    "request_hash": "x",
                    "created_at": now - timedelta(days=2),
                },
                {"principal": "housekeeping", "key": fresh_key, "request_hash": "x", "created_at": now},
            ],
        )
        row = {"topic": "t", "key": "k", "payload": {}, "headers": {}}
        await session.execute(
            insert(platform.outbox),
            [
                row | {"event_id": old_sent, "created_at": now - timedelta(days=9), "sent_at": now - timedelta(days=8)},
                # never sent (the broker was away for a long time): it must survive to be published
                row | {"event_id": unsent_old, "created_at": now - timedelta(days=9), "sent_at": None},
                row | {"event_id": fresh_sent, "created_at": now, "sent_at": now},
            ],
        )
        await session.execute(
            insert(platform.inbox),
            [
                {"event_id": old_seen, "event_type": "t", "received_at": now - timedelta(days=31)},
                {"event_id": fresh_seen, "event_type": "t", "received_at": now - timedelta(days=29)},
            ],
        )

    await purge(runtime.sessionmaker, platform, runtime.settings, now)

    async with runtime.sessionmaker() as session:
        keys = set(
            await session.scalars(
                select(platform.idempotency_keys.c.key).where(platform.idempotency_keys.c.principal == "housekeeping")
            )
        )
        events = set(
            await session.scalars(
                select(platform.outbox.c.event_id).where(
                    platform.outbox.c.event_id.in_([old_sent, unsent_old, fresh_sent])
                )
            )
        )
        seen = set(
            await session.scalars(
                select(platform.inbox.c.event_id).where(platform.inbox.c.event_id.in_([old_seen, fresh_seen]))
            )
        )
        # the unsent row would otherwise be published by the relay; remove it so the test leaves no trace
        await session.execute(platform.outbox.delete().where(platform.outbox.c.event_id == unsent_old))
        await session.commit()

    assert keys == {fresh_key}
    assert events == {unsent_old, fresh_sent}
    assert seen == {fresh_seen}
