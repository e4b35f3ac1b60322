"""What providers send and read about webhook endpoints and deliveries."""

from __future__ import annotations

import uuid
from datetime import datetime
from enum import StrEnum
from typing import Annotated

from pydantic import (
    AfterValidator,
    AnyHttpUrl,
    AwareDatetime,
    BaseModel,
    ConfigDict,
    Field,
    StringConstraints,
    WithJsonSchema,
    model_validator,
)

from contracts.events import EVENT_TYPES
from contracts.events.cc import ContactCenterEvent
from contracts.events.customers import CustomerEvent
from contracts.events.pstn import PstnEvent
from customers import examples
from servicekit import SingleLine

# The events an endpoint may ask for: every customer lifecycle event, and every PSTN event of pstn_orders (its
# connections, emergency addresses, contracts, orders and numbers), as the contracts list them.
WEBHOOK_EVENT_TYPES: tuple[str, ...] = tuple(
    sorted(name for name, cls in EVENT_TYPES.items() if issubclass(cls, CustomerEvent | PstnEvent | ContactCenterEvent))
)
_HEARABLE = frozenset(WEBHOOK_EVENT_TYPES)


def _hearable(value: str) -> str:
    if value not in _HEARABLE:
        raise ValueError(f"{value!r} is not a customer.*, pstn.* or cc.* event type")
    return value


WebhookEventType = Annotated[
    str,
    AfterValidator(_hearable),
    WithJsonSchema(
        {
            "type": "string",
            "enum": list(WEBHOOK_EVENT_TYPES),
            "title": "WebhookEventType",
            "description": "A customer.*, pstn.* or cc.* event type",
        }
    ),
]


class DeliveryStatus(StrEnum):
    PENDING = "pending"  # will be tried (again)
    DELIVERED = "delivered"
    FAILED = "failed"  # given up, or the endpoint was disabled


class WebhookEndpointCreate(BaseModel):
    model_config = ConfigDict(
        extra="forbid",
        json_schema_extra={
            "examples": [
                {
                    "url": "https://oss.example.net/hooks/wholesale",
                    "event_types": ["customer.provisioned.v1", "customer.failed.v1"],
                    "description": "Onboarding outcomes to our OSS",
                }
            ]
        },
    )

    url: AnyHttpUrl = Field(description="Where events are POSTed; https in production")
    event_types: list[WebhookEventType] = Field(
        default_factory=list, description="Event types to receive; empty for all"
    )
    description: Annotated[SingleLine, StringConstraints(max_length=500)] | None = None

    @model_validator(mode="after")
    def _each_type_once(self) -> WebhookEndpointCreate:
        self.event_types = sorted(set(self.event_types))
        return self


class WebhookEndpointRead(BaseModel):
    model_config = ConfigDict(from_attributes=True, json_schema_extra={"examples": [examples.WEBHOOK_ENDPOINT]})

    id: uuid.UUID
    customer_id: uuid.UUID
    url: str
    event_types: list[WebhookEventType]
    description: str | None
    enabled: bool = Field(description="False once its owner disabled it, or it failed through a whole retry schedule")
    created_at: datetime
    disabled_at: datetime | None = None


class WebhookEndpointCreated(WebhookEndpointRead):
    secret: str = Field(description="Signing secret (Standard Webhooks, `whsec_…`); shown only in this answer")


class WebhookDeliveryRead(BaseModel):
    model_config = ConfigDict(from_attributes=True, json_schema_extra={"examples": [examples.WEBHOOK_DELIVERY]})

    id: uuid.UUID
    event_id: uuid.UUID = Field(description="Also the `webhook-id` header: receivers de-duplicate on it")
    event_type: str
    sequence: int | None = Field(
        None, description="The event's position (CloudEvents `sequence` in the body): later events are larger"
    )
    status: DeliveryStatus = Field(description="`pending` (will be tried again), `delivered` or `failed` (gave up)")
    attempts: int
    next_attempt_at: datetime | None
    last_status_code: int | None
    last_error: str | None
    created_at: datetime
    delivered_at: datetime | None

    @model_validator(mode="after")
    def _no_attempt_unless_pending(self) -> WebhookDeliveryRead:
        """A delivered or failed delivery is tried no more."""
        if self.status != DeliveryStatus.PENDING:
            self.next_attempt_at = None
        return self


class WebhookReplayCreate(BaseModel):
    model_config = ConfigDict(extra="forbid", json_schema_extra={"examples": [{"since": "2026-11-23T08:00:00Z"}]})

    since: AwareDatetime = Field(description="RFC 3339, with its offset: replay what reached the endpoint since then")


class WebhookReplayQueued(BaseModel):
    model_config = ConfigDict(json_schema_extra={"examples": [{"since": "2026-11-23T08:00:00Z", "queued": 42}]})

    since: datetime
    queued: int = Field(description="Deliveries sent again, in each customer's event order, with their `webhook-id`")
