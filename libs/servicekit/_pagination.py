"""Cursor pagination on (created_at, id): stable under inserts, one index range scan per page."""

from __future__ import annotations

import base64
import uuid
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Annotated, Any, Generic, TypeVar

import orjson
from fastapi import Depends, Query
from pydantic import BaseModel, Field
from sqlalchemy import Select, tuple_
from sqlalchemy.orm import InstrumentedAttribute

from servicekit._errors import ValidationFailed

T = TypeVar("T")
M = TypeVar("M", bound=BaseModel)

DEFAULT_LIMIT = 50
MAX_LIMIT = 200


class Page(BaseModel, Generic[T]):
    items: list[T]
    next_cursor: str | None = Field(None, description="Pass as `cursor` to get the next page; absent on the last page.")


@dataclass(frozen=True)
class PageRequest:
    cursor: str | None = None
    limit: int = DEFAULT_LIMIT


def _page_request(
    cursor: Annotated[str | None, Query(max_length=500, description="`next_cursor` of the previous page")] = None,
    limit: Annotated[int, Query(ge=1, le=MAX_LIMIT, description="Items per page")] = DEFAULT_LIMIT,
) -> PageRequest:
    return PageRequest(cursor, limit)


Paging = Annotated[PageRequest, Depends(_page_request)]


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
    page: PageRequest,
) -> Select[Any]:
    """Oldest first, starting after the cursor; fetches one extra row to know if more follow.

    The cursor's bound is a row comparison, so a (created_at, id) index seeks straight to it.
    """
    if page.cursor:
        stmt = stmt.where(tuple_(created_at, id_) > tuple_(*decode_cursor(page.cursor)))
    return stmt.order_by(created_at, id_).limit(page.limit + 1)


def page_of(
    rows: Sequence[Any], page: PageRequest, item: type[M], *, read: Callable[[Any], M] | None = None
) -> Page[M]:
    """One page of read models, each built from its row's attributes (or by `read`, when a row needs more)."""
    more = len(rows) > page.limit
    rows = rows[: page.limit]
    last = rows[-1] if more and rows else None
    next_cursor = encode_cursor(last.created_at, last.id) if last is not None else None
    build = read or (lambda row: item.model_validate(row, from_attributes=True))
    return Page(items=[build(r) for r in rows], next_cursor=next_cursor)
