"""All SQL on webhook endpoints (each kept at its owner's tree path) and their deliveries."""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from datetime import datetime
from typing import Any

from sqlalchemy import Row, literal, select, update
from sqlalchemy.dialects.postgresql import insert

from customers.webhook.models import WebhookDelivery, WebhookEndpoint
from servicekit import PageRequest, TenantRepository, paginate


class WebhookRepository(TenantRepository):
    async def endpoint(self, endpoint_id: uuid.UUID, *, owner_id: uuid.UUID) -> WebhookEndpoint | None:
        stmt = select(WebhookEndpoint).where(
            self.in_tenant(WebhookEndpoint.path),
            WebhookEndpoint.id == endpoint_id,
            WebhookEndpoint.customer_id == owner_id,
        )
        return await self.session.scalar(stmt)

    async def endpoints(self, *, owner_id: uuid.UUID) -> Sequence[WebhookEndpoint]:
        stmt = select(WebhookEndpoint).where(
            self.in_tenant(WebhookEndpoint.path), WebhookEndpoint.customer_id == owner_id
        )
        return (await self.session.scalars(stmt.order_by(WebhookEndpoint.created_at))).all()

    async def add_endpoint(self, endpoint: WebhookEndpoint) -> WebhookEndpoint:
        self.session.add(endpoint)
        await self.session.flush()
        await self.session.refresh(endpoint)
        return endpoint

    async def fail_pending(self, endpoint_id: uuid.UUID, reason: str) -> None:
        await self.session.execute(
            update(WebhookDelivery)
            .where(WebhookDelivery.endpoint_id == endpoint_id, WebhookDelivery.status == "pending")
            .values(status="failed", last_error=reason)
        )

    async def deliveries(
        self, endpoint_id: uuid.UUID, status: str | None, page: PageRequest
    ) -> Sequence[WebhookDelivery]:
        stmt = select(WebhookDelivery).where(WebhookDelivery.endpoint_id == endpoint_id)
        if status:
            stmt = stmt.where(WebhookDelivery.status == status)
        return (await self.session.scalars(paginate(stmt, WebhookDelivery.created_at, WebhookDelivery.id, page))).all()

    async def hearing(self, event_path: str) -> Sequence[WebhookEndpoint]:
        """Enabled endpoints whose owner's path is a prefix of the event's: the owner or a customer above it."""
        stmt = select(WebhookEndpoint).where(
            WebhookEndpoint.disabled_at.is_(None), literal(event_path).startswith(WebhookEndpoint.path)
        )
        return (await self.session.scalars(stmt)).all()

    async def add_deliveries(self, deliveries: list[dict[str, Any]]) -> None:
        await self.session.execute(
            insert(WebhookDelivery)
            .values(deliveries)
            .on_conflict_do_nothing(constraint="uq_webhook_deliveries_endpoint_event")  # a redelivered event
        )

    async def due(self, now: datetime, limit: int) -> Sequence[Row[WebhookDelivery, WebhookEndpoint]]:
        """Pending deliveries due by `now`, with their endpoints; rows other replicas hold are skipped."""
        stmt = (
            select(WebhookDelivery, WebhookEndpoint)
            .join(WebhookEndpoint, WebhookEndpoint.id == WebhookDelivery.endpoint_id)
            .where(WebhookDelivery.status == "pending", WebhookDelivery.next_attempt_at <= now)
            .order_by(WebhookDelivery.next_attempt_at)
            .limit(limit)
            .with_for_update(of=WebhookDelivery, skip_locked=True)
        )
        return (await self.session.execute(stmt)).all()
