"""Transactional outbox: an event is a row written in the same transaction as the change it announces."""

from __future__ import annotations

from sqlalchemy import insert
from sqlalchemy.ext.asyncio import AsyncSession

from contracts.envelope import Envelope, Event
from servicekit._db import event_source, tables_of
from servicekit._observability import REQUEST_ID_HEADER, current_request_id


async def emit(session: AsyncSession, event: Event) -> Envelope:
    """Stage `event` in the outbox; it goes out only if the surrounding transaction commits.

    The envelope's source is the service that owns the session.
    """
    envelope = Envelope.wrap(event, source=event_source(session))
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
