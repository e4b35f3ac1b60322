"""Transactional outbox: an event is a row written in the same transaction as the change it announces."""

from __future__ import annotations

from sqlalchemy import insert
from sqlalchemy.ext.asyncio import AsyncSession

from contracts.envelope import Envelope, Event
from servicekit.db import tables_of
from servicekit.observability import REQUEST_ID_HEADER, current_request_id


async def add(session: AsyncSession, event: Event, *, source: str) -> Envelope:
    """Stage `event` for publication; it goes out only if the surrounding transaction commits."""
    envelope = Envelope.wrap(event, source=source)
    headers = {"ce_type": envelope.type}
    if request_id := current_request_id():
        headers[REQUEST_ID_HEADER] = request_id
    await session.execute(
        insert(tables_of(session).outbox).values(
            event_id=envelope.id,
            topic=event.topic,
            key=envelope.subject,
            payload=envelope.model_dump(mode="json"),
            headers=headers,
        )
    )
    session.info["outbox_pending"] = True
    return envelope
