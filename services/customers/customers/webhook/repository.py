"""All SQL on webhook endpoints (each kept at its owner's tree path) and their deliveries."""

from __future__ import annotations

import uuid
from collections.abc import Mapping, Sequence
from datetime import datetime
from typing import Any

from sqlalchemy import CursorResult, Row, exists, func, literal, select, update
from sqlalchemy.dialects.postgresql import insert
from sqlalchemy.orm import aliased

from customers.models import Customer, platform
from customers.webhook.models import WebhookDelivery, WebhookEndpoint
from servicekit import PageRequest, TenantRepository, paginate


def _subject(delivery: type[WebhookDelivery]) -> Any:
    return delivery.payload["subject"].as_string()


def _sequence(delivery: type[WebhookDelivery]) -> Any:
    return delivery.payload["sequence"].as_string()  # zero-padded: text order is numeric order


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

    async def replay(self, endpoint_id: uuid.UUID, since: datetime, now: datetime) -> int:
        """Every delivered or failed delivery to the endpoint since `since` becomes pending again, from scratch."""
        result: CursorResult[Any] = await self.session.execute(  # type: ignore[assignment]
            update(WebhookDelivery)
            .where(
                WebhookDelivery.endpoint_id == endpoint_id,
                WebhookDelivery.created_at >= since,
                WebhookDelivery.status.in_(("delivered", "failed")),
            )
            .values(status="pending", attempts=0, next_attempt_at=now, delivered_at=None)
        )
        return result.rowcount

    # --- the fan-out and the delivery loop, for the platform ------------------------------------------------

    async def hearing(self, event_path: str) -> Sequence[WebhookEndpoint]:
        """Enabled endpoints whose owner's path is a prefix of the event's: the owner or a customer above it."""
        stmt = select(WebhookEndpoint).where(
            WebhookEndpoint.disabled_at.is_(None), literal(event_path).startswith(WebhookEndpoint.path)
        )
        return (await self.session.scalars(stmt)).all()

    async def position(self, event_id: uuid.UUID) -> int | None:
        """The event's place in this service's outbox, the order the relay publishes in."""
        outbox = platform.outbox
        return await self.session.scalar(select(outbox.c.id).where(outbox.c.event_id == event_id))

    async def heard_position(self) -> int:
        """A place for an event of another service, in the same order as this service's own: taken from the
        outbox's id sequence as the event is heard. One customer's events of that service are heard in their
        order (one partition, in order), so they keep it."""
        return int(await self.session.scalar(select(func.nextval(func.pg_get_serial_sequence("outbox", "id")))) or 0)

    async def add_deliveries(self, deliveries: list[dict[str, Any]]) -> None:
        await self.session.execute(
            insert(WebhookDelivery)
            .values(deliveries)
            .on_conflict_do_nothing(constraint="uq_webhook_deliveries_endpoint_event")  # a redelivered event
        )

    async def claim(
        self,
        now: datetime,
        *,
        limit: int,
        per_endpoint: int,
        in_flight: Mapping[uuid.UUID, uuid.UUID],
        lease_until: datetime,
    ) -> list[Row[WebhookDelivery, WebhookEndpoint]]:
        """Due deliveries to send now, each the first pending one of its customer at its endpoint, at most
        `per_endpoint` in flight to one endpoint (counting `in_flight`: delivery id → endpoint id), the least
        busy endpoints first. Rows other replicas hold are skipped; the claimed ones are leased until
        `lease_until`, so a replica that dies mid-attempt leaves them to be tried again."""
        busy: dict[uuid.UUID, int] = {}
        for endpoint_id in in_flight.values():
            busy[endpoint_id] = busy.get(endpoint_id, 0) + 1
        full = [e for e, n in busy.items() if n >= per_endpoint]
        earlier = aliased(WebhookDelivery)
        # Per customer, in event order: the next waits until the one before is delivered or given up.
        queued_behind = exists().where(
            earlier.endpoint_id == WebhookDelivery.endpoint_id,
            earlier.status == "pending",
            _subject(earlier) == _subject(WebhookDelivery),
            _sequence(earlier) < _sequence(WebhookDelivery),
        )
        due = [WebhookDelivery.status == "pending", WebhookDelivery.next_attempt_at <= now]
        rank = func.row_number().over(
            partition_by=WebhookDelivery.endpoint_id, order_by=(WebhookDelivery.next_attempt_at, WebhookDelivery.id)
        )
        candidates = (
            select(WebhookDelivery.id, WebhookDelivery.endpoint_id, rank.label("rank"))
            .join(WebhookEndpoint, WebhookEndpoint.id == WebhookDelivery.endpoint_id)
            .where(*due, WebhookEndpoint.disabled_at.is_(None), ~queued_behind)
        )
        if in_flight:
            candidates = candidates.where(WebhookDelivery.id.not_in(list(in_flight)))
        if full:
            candidates = candidates.where(WebhookDelivery.endpoint_id.not_in(full))
        ranked = candidates.subquery()
        picked = (
            await self.session.execute(
                select(ranked.c.id, ranked.c.endpoint_id)
                .where(ranked.c.rank <= per_endpoint)
                .order_by(ranked.c.rank)  # one per endpoint before a second to any
                .limit(limit)
            )
        ).all()
        if not picked:
            return []
        locked = (
            await self.session.execute(
                select(WebhookDelivery, WebhookEndpoint)
                .join(WebhookEndpoint, WebhookEndpoint.id == WebhookDelivery.endpoint_id)
                .where(WebhookDelivery.id.in_([p.id for p in picked]), *due)
                .with_for_update(of=WebhookDelivery, skip_locked=True)
            )
        ).all()
        claimed = []
        for row in locked:
            delivery, endpoint = row
            if busy.get(endpoint.id, 0) < per_endpoint:
                busy[endpoint.id] = busy.get(endpoint.id, 0) + 1
                delivery.next_attempt_at = lease_until
                claimed.append(row)
        return claimed

    async def delivery_for_update(self, delivery_id: uuid.UUID) -> WebhookDelivery | None:
        stmt = select(WebhookDelivery).where(WebhookDelivery.id == delivery_id).with_for_update()
        return await self.session.scalar(stmt)

    async def endpoint_by_id(self, endpoint_id: uuid.UUID, *, for_update: bool = False) -> WebhookEndpoint | None:
        stmt = select(WebhookEndpoint).where(WebhookEndpoint.id == endpoint_id)
        return await self.session.scalar(stmt.with_for_update() if for_update else stmt)

    async def delivered_since(self, endpoint_id: uuid.UUID, since: datetime) -> bool:
        stmt = select(WebhookDelivery.id).where(
            WebhookDelivery.endpoint_id == endpoint_id,
            WebhookDelivery.status == "delivered",
            WebhookDelivery.delivered_at >= since,
        )
        return await self.session.scalar(stmt.limit(1)) is not None

    async def contact_of(self, customer_id: uuid.UUID) -> str | None:
        return await self.session.scalar(select(Customer.contact_email).where(Customer.id == customer_id))
