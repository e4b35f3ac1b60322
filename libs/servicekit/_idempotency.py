"""Idempotency-Key on creating POSTs: a retry with the same key and body gets the first answer.

The key row is inserted in the request's own transaction, so a concurrent retry waits on the
unique index until the first request commits, then reads its answer; if the first one failed,
its row rolled back with it and the retry runs afresh.
"""

from __future__ import annotations

import hashlib
from collections.abc import Awaitable, Callable
from typing import Annotated, Any

from fastapi import Header, Request
from fastapi.responses import JSONResponse
from pydantic import BaseModel
from sqlalchemy import select, update
from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.ext.asyncio import AsyncSession

from servicekit._db import tables_of
from servicekit._errors import IdempotencyKeyReused, ValidationFailed

IDEMPOTENCY_HEADER = "Idempotency-Key"
REPLAYED_HEADER = "Idempotent-Replayed"

IdempotencyKey = Annotated[
    str | None,
    Header(
        alias=IDEMPOTENCY_HEADER,
        min_length=1,
        max_length=200,
        description="Send a new unique value per request; a retry with the same key and body gets the first "
        "answer again (header `Idempotent-Replayed: true`) and changes nothing.",
    ),
]
Answer = tuple[int, Any, dict[str, str]]  # status, JSON body, headers


def request_hash(body: BaseModel, scope: str = "") -> str:
    return hashlib.sha256(scope.encode() + b"\n" + body.model_dump_json().encode()).hexdigest()


async def idempotent(
    session: AsyncSession,
    request: Request,
    *,
    principal: str,
    key: str | None,
    body: BaseModel,
    act: Callable[[], Awaitable[Answer]],
) -> JSONResponse:
    """Run a creating request once per Idempotency-Key; the key also binds the method and path."""
    scope = f"{request.method} {request.url.path}"
    if replay := await _replay_or_reserve(session, principal=principal, key=key, body=body, scope=scope):
        return replay
    status_code, payload, headers = await act()
    await _remember(session, principal=principal, key=key, status_code=status_code, body=payload, headers=headers)
    return JSONResponse(payload, status_code=status_code, headers=headers)


async def _replay_or_reserve(
    session: AsyncSession, *, principal: str, key: str | None, body: BaseModel, scope: str = ""
) -> JSONResponse | None:
    """The stored answer for a retried key, or None after reserving the key for this request."""
    if key is None:
        return None
    if not 1 <= len(key) <= 200:
        raise ValidationFailed.field(IDEMPOTENCY_HEADER, "must be 1 to 200 characters")
    table = tables_of(session).idempotency_keys
    digest = request_hash(body, scope)
    inserted = (
        await session.execute(
            pg_insert(table)
            .values(principal=principal, key=key, request_hash=digest)
            .on_conflict_do_nothing()
            .returning(table.c.key)
        )
    ).first()
    if inserted is not None:
        return None
    stored = (await session.execute(select(table).where(table.c.principal == principal, table.c.key == key))).one()
    if stored.request_hash != digest:
        raise IdempotencyKeyReused(
            f"Idempotency-Key {key!r} was first used with a different body; use a new key for a new request."
        )
    return JSONResponse(
        stored.response_body,
        status_code=stored.status_code,
        headers={**stored.response_headers, REPLAYED_HEADER: "true"},
    )


async def _remember(
    session: AsyncSession,
    *,
    principal: str,
    key: str | None,
    status_code: int,
    body: Any,
    headers: dict[str, str],
) -> None:
    if key is None:
        return
    table = tables_of(session).idempotency_keys
    await session.execute(
        update(table)
        .where(table.c.principal == principal, table.c.key == key)
        .values(status_code=status_code, response_body=body, response_headers=headers)
    )
