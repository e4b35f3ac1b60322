"""The CloudEvents 1.0 envelope every event travels in."""

from __future__ import annotations

import uuid
from datetime import UTC, datetime
from typing import Any, ClassVar, Self

from pydantic import BaseModel, ConfigDict, Field


class Event(BaseModel):
    """Base of every event payload: a versioned, past-tense contract."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    type: ClassVar[str]  # e.g. "customer.created.v1"
    topic: ClassVar[str]
    subject_field: ClassVar[str] = "customer_id"  # every event so far is about one customer

    def subject(self) -> str:
        """The aggregate the event is about; events are keyed and ordered by it."""
        return str(getattr(self, self.subject_field))


class Envelope(BaseModel):
    """CloudEvents structured-mode envelope (https://cloudevents.io, spec 1.0)."""

    model_config = ConfigDict(extra="ignore")

    specversion: str = "1.0"
    id: uuid.UUID = Field(default_factory=uuid.uuid4)
    source: str
    type: str
    time: datetime = Field(default_factory=lambda: datetime.now(UTC))
    subject: str
    datacontenttype: str = "application/json"
    data: dict[str, Any]

    @classmethod
    def wrap(cls, event: Event, *, source: str, time: datetime | None = None) -> Self:
        return cls(
            source=source,
            type=event.type,
            subject=event.subject(),
            time=time or datetime.now(UTC),
            data=event.model_dump(mode="json"),
        )
