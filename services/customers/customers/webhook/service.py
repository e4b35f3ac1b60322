"""Registering, reading and disabling webhook endpoints; each caller sees only its own."""

from __future__ import annotations

import base64
import secrets
import uuid
from collections.abc import Sequence

from sqlalchemy import select, update
from sqlalchemy.ext.asyncio import AsyncSession

from customers.webhook.models import WebhookDelivery, WebhookEndpoint
from customers.webhook.schemas import WebhookEndpointCreate
from servicekit import Clock, NotFound, Principal, ValidationFailed, paginate


def new_secret() -> str:
    return "whsec_" + base64.b64encode(secrets.token_bytes(32)).decode()


async def create(
    session: AsyncSession, body: WebhookEndpointCreate, *, principal: Principal, require_https: bool
) -> WebhookEndpoint:
    if require_https and body.url.scheme != "https":
        raise ValidationFailed.field("url", "must be an https URL")
    endpoint = WebhookEndpoint(
        customer_id=principal.customer_id,
        path=principal.tenant_path,
        url=str(body.url),
        secret=new_secret(),
        event_types=body.event_types,
        description=body.description,
    )
    session.add(endpoint)
    await session.flush()
    await session.refresh(endpoint)
    return endpoint


async def get(session: AsyncSession, endpoint_id: uuid.UUID, *, principal: Principal) -> WebhookEndpoint:
    endpoint = await session.scalar(
        select(WebhookEndpoint).where(
            WebhookEndpoint.id == endpoint_id, WebhookEndpoint.customer_id == principal.customer_id
        )
    )
    if endpoint is None:
        raise NotFound(f"No webhook endpoint {endpoint_id}.")
    return endpoint


async def list_endpoints(session: AsyncSession, *, principal: Principal) -> Sequence[WebhookEndpoint]:
    stmt = select(WebhookEndpoint).where(WebhookEndpoint.customer_id == principal.customer_id)
    return (await session.scalars(stmt.order_by(WebhookEndpoint.created_at))).all()


async def disable(session: AsyncSession, endpoint_id: uuid.UUID, *, principal: Principal, clock: Clock) -> None:
    endpoint = await get(session, endpoint_id, principal=principal)
    endpoint.disabled_at = endpoint.disabled_at or clock.now()
    await session.execute(
        update(WebhookDelivery)
        .where(WebhookDelivery.endpoint_id == endpoint.id, WebhookDelivery.status == "pending")
        .values(status="failed", last_error="endpoint disabled")
    )


async def deliveries(
    session: AsyncSession,
    endpoint_id: uuid.UUID,
    *,
    principal: Principal,
    status: str | None,
    cursor: str | None,
    limit: int,
) -> Sequence[WebhookDelivery]:
    await get(session, endpoint_id, principal=principal)
    stmt = select(WebhookDelivery).where(WebhookDelivery.endpoint_id == endpoint_id)
    if status:
        stmt = stmt.where(WebhookDelivery.status == status)
    page = paginate(stmt, WebhookDelivery.created_at, WebhookDelivery.id, cursor=cursor, limit=limit)
    return (await session.scalars(page)).all()
