"""Cursor pagination on (created_at, id): stable under inserts, one index range scan per page."""

from __future__ import annotations

import base64
import uuid
from datetime import datetime
from typing import Any, Generic, TypeVar

import orjson
from pydantic import BaseModel, Field
from sqlalchemy import Select, and_, or_
from sqlalchemy.orm import InstrumentedAttribute

from servicekit.errors import ValidationFailed

T = TypeVar("T")

DEFAULT_LIMIT = 50
MAX_LIMIT = 200


class Page(BaseModel, Generic[T]):
    items: list[T]
    next_cursor: str | None = Field(None, description="Pass as `cursor` to get the next page; absent on the last page.")


def encode_cursor(created_at: datetime, id_: uuid.UUID) -> str:
    return base64.urlsafe_b64encode(orjson.dumps([created_at.isoformat(), str(id_)])).decode().rstrip("=")


def decode_cursor(cursor: str) -> tuple[datetime, uuid.UUID]:
    try:
        created_at, id_ = orjson.loads(base64.urlsafe_b64decode(cursor + "=" * (-len(cursor) % 4)))
        return datetime.fromisoformat(created_at), uuid.UUID(id_)
    except Exception as exc:
        raise ValidationFailed.field("cursor", "is not a cursor this API issued") from exc


def paginate(
    stmt: Select[Any],
    created_at: InstrumentedAttribute[datetime],
    id_: InstrumentedAttribute[uuid.UUID],
    *,
    cursor: str | None,
    limit: int,
) -> Select[Any]:
    """Order newest last and start after the cursor; fetches one extra row to know if more follow."""
    if cursor:
        after_at, after_id = decode_cursor(cursor)
        stmt = stmt.where(or_(created_at > after_at, and_(created_at == after_at, id_ > after_id)))
    return stmt.order_by(created_at, id_).limit(limit + 1)


def page_of(rows: list[Any], limit: int, *, to_item: Any) -> Page[Any]:
    more = len(rows) > limit
    rows = rows[:limit]
    next_cursor = encode_cursor(rows[-1].created_at, rows[-1].id) if more and rows else None
    return Page(items=[to_item(r) for r in rows], next_cursor=next_cursor)
