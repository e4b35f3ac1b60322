"""What providers send and read about webhook endpoints and deliveries."""

from __future__ import annotations

import uuid
from datetime import datetime

from pydantic import AnyHttpUrl, BaseModel, ConfigDict, Field, field_validator, model_validator

from contracts.events import EVENT_TYPES
from customers import examples

CUSTOMER_EVENT_TYPES = sorted(t for t in EVENT_TYPES if t.startswith("customer."))


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
    event_types: list[str] = Field(
        default_factory=list, description=f"Event types to receive; empty for all. One of {CUSTOMER_EVENT_TYPES}"
    )
    description: str | None = Field(None, max_length=500)

    @field_validator("event_types")
    @classmethod
    def known_types(cls, value: list[str]) -> list[str]:
        unknown = sorted(set(value) - set(CUSTOMER_EVENT_TYPES))
        if unknown:
            raise ValueError(f"unknown event types {unknown}; known: {CUSTOMER_EVENT_TYPES}")
        return sorted(set(value))


class WebhookEndpointRead(BaseModel):
    model_config = ConfigDict(from_attributes=True, json_schema_extra={"examples": [examples.WEBHOOK_ENDPOINT]})

    id: uuid.UUID
    customer_id: uuid.UUID
    url: str
    event_types: list[str]
    description: str | None
    enabled: bool
    created_at: datetime


class WebhookEndpointCreated(WebhookEndpointRead):
    secret: str = Field(description="Signing secret (Standard Webhooks, `whsec_…`); shown only in this answer")


class WebhookDeliveryRead(BaseModel):
    model_config = ConfigDict(from_attributes=True, json_schema_extra={"examples": [examples.WEBHOOK_DELIVERY]})

    id: uuid.UUID
    event_id: uuid.UUID = Field(description="Also the `webhook-id` header: receivers de-duplicate on it")
    event_type: str
    status: str = Field(description="`pending` (will be tried again), `delivered` or `failed` (gave up)")
    attempts: int
    next_attempt_at: datetime | None
    last_status_code: int | None
    last_error: str | None
    created_at: datetime
    delivered_at: datetime | None

    @model_validator(mode="after")
    def _no_attempt_unless_pending(self) -> WebhookDeliveryRead:
        """A delivered or failed delivery is tried no more."""
        if self.status != "pending":
            self.next_attempt_at = None
        return self
