"""Webhook endpoints HTTP API: register where events go, follow each delivery."""

from __future__ import annotations

import uuid
from typing import Annotated

from fastapi import APIRouter, Depends, Request, Response

from contracts.problem import Problem
from customers.callers import Admin
from customers.webhook.schemas import (
    DeliveryStatus,
    WebhookDeliveryRead,
    WebhookEndpointCreate,
    WebhookEndpointCreated,
    WebhookEndpointRead,
    WebhookReplayCreate,
    WebhookReplayQueued,
)
from customers.webhook.service import WebhookService
from servicekit import PROBLEM_RESPONSES, Page, Paging, Session, component, page_of

router = APIRouter(prefix="/v1/webhook-endpoints", tags=["webhooks"], responses=PROBLEM_RESPONSES)

Webhooks = Annotated[WebhookService, Depends(component(WebhookService))]


@router.post("", status_code=201, operation_id="create_webhook_endpoint", response_model=WebhookEndpointCreated)
async def create_webhook_endpoint(
    body: WebhookEndpointCreate,
    request: Request,
    response: Response,
    session: Session,
    principal: Admin,
    webhooks: Webhooks,
) -> WebhookEndpointCreated:
    """Register a URL for the lifecycle events of your customer and everything below it (R-CUST-10).

    Each POST carries the CloudEvents envelope as JSON and Standard Webhooks headers (`webhook-id` = the event
    id, `webhook-timestamp`, `webhook-signature`); verify them with the secret shown in this answer. A delivery
    that does not get a 2xx within 10 s is tried again after 5 s, 5 min, 30 min, 2 h, 5 h, 10 h and 10 h.

    One customer's events reach the endpoint one at a time, in order: the next is sent once the one before was
    delivered or given up. The body's `sequence` (CloudEvents sequence extension, a zero-padded decimal string)
    is the event's position: for one customer, a later event has a larger one, so a receiver can put events
    back in order after a replay. Numbers are not contiguous. An endpoint that answers no delivery through a
    whole retry schedule is disabled, with a `customer.webhook_endpoint_disabled.v1` event and an email to
    your contact.
    """
    endpoint = await webhooks.create(session, body, principal=principal)
    response.headers["Location"] = str(request.url_for("get_webhook_endpoint", endpoint_id=endpoint.id))
    return WebhookEndpointCreated.model_validate(endpoint)


@router.get("", operation_id="list_webhook_endpoints", response_model=list[WebhookEndpointRead])
async def list_webhook_endpoints(session: Session, principal: Admin, webhooks: Webhooks) -> list[WebhookEndpointRead]:
    """Your customer's webhook endpoints, enabled and disabled."""
    return [WebhookEndpointRead.model_validate(e) for e in await webhooks.list(session, principal=principal)]


@router.get("/{endpoint_id}", operation_id="get_webhook_endpoint", response_model=WebhookEndpointRead)
async def get_webhook_endpoint(
    endpoint_id: uuid.UUID, session: Session, principal: Admin, webhooks: Webhooks
) -> WebhookEndpointRead:
    """Read one of your webhook endpoints."""
    return WebhookEndpointRead.model_validate(await webhooks.get(session, endpoint_id, principal=principal))


@router.delete("/{endpoint_id}", status_code=204, operation_id="disable_webhook_endpoint")
async def disable_webhook_endpoint(
    endpoint_id: uuid.UUID, session: Session, principal: Admin, webhooks: Webhooks
) -> Response:
    """Stop sending to this endpoint; deliveries still pending are marked failed. Its history stays readable."""
    await webhooks.disable(session, endpoint_id, principal=principal)
    return Response(status_code=204)


@router.get(
    "/{endpoint_id}/deliveries", operation_id="list_webhook_deliveries", response_model=Page[WebhookDeliveryRead]
)
async def list_webhook_deliveries(
    endpoint_id: uuid.UUID,
    session: Session,
    principal: Admin,
    webhooks: Webhooks,
    page: Paging,
    status: DeliveryStatus | None = None,
) -> Page[WebhookDeliveryRead]:
    """Every event sent (or being sent) to this endpoint, oldest first, with attempts and the last answer."""
    rows = await webhooks.deliveries(session, endpoint_id, page, principal=principal, status=status)
    return page_of(rows, page, WebhookDeliveryRead)


@router.post(
    "/{endpoint_id}/replays",
    status_code=202,
    operation_id="replay_webhook_deliveries",
    response_model=WebhookReplayQueued,
    responses={409: {"model": Problem, "description": "The endpoint is disabled (`webhook-endpoint-disabled`)"}},
)
async def replay_webhook_deliveries(
    endpoint_id: uuid.UUID, body: WebhookReplayCreate, session: Session, principal: Admin, webhooks: Webhooks
) -> WebhookReplayQueued:
    """Send again every event delivered or given up since a point in time, same `webhook-id`, in order.

    A replay starts each delivery over (pending, attempts from zero, the retry schedule from the start); one
    customer's events go one at a time in `sequence` order. Deliveries still pending are left as they are.
    """
    queued = await webhooks.replay(session, endpoint_id, body.since, principal=principal)
    return WebhookReplayQueued(since=body.since, queued=queued)
