"""Webhook endpoints HTTP API: register where events go, follow each delivery."""

from __future__ import annotations

import uuid
from typing import Annotated, Literal

from fastapi import APIRouter, Depends, Query, Request, Response

from contracts.enums import Role
from customers.webhook import service
from customers.webhook.schemas import (
    WebhookDeliveryRead,
    WebhookEndpointCreate,
    WebhookEndpointCreated,
    WebhookEndpointRead,
)
from servicekit import DEFAULT_LIMIT, MAX_LIMIT, PROBLEM_RESPONSES, Page, Principal, Session, page_of, require_roles

router = APIRouter(prefix="/v1/webhook-endpoints", tags=["webhooks"], responses=PROBLEM_RESPONSES)

Admin = Annotated[Principal, Depends(require_roles(Role.PLATFORM_ROOT, Role.PARTNER_ADMIN, Role.CUSTOMER_FULL_ADMIN))]


@router.post("", status_code=201, operation_id="create_webhook_endpoint", response_model=WebhookEndpointCreated)
async def create_webhook_endpoint(
    body: WebhookEndpointCreate, request: Request, response: Response, session: Session, principal: Admin
) -> WebhookEndpointCreated:
    """Register a URL for the lifecycle events of your customer and everything below it (R-CUST-10).

    Each POST carries the CloudEvents envelope as JSON and Standard Webhooks headers (`webhook-id` = the event
    id, `webhook-timestamp`, `webhook-signature`); verify them with the secret shown in this answer. A delivery
    that does not get a 2xx is tried again after 5 s, 5 min, 30 min, 2 h, 5 h, 10 h and 10 h.
    """
    settings = request.app.state.runtime.settings
    endpoint = await service.create(session, body, principal=principal, require_https=settings.webhook_require_https)
    response.headers["Location"] = str(request.url_for("get_webhook_endpoint", endpoint_id=endpoint.id))
    return WebhookEndpointCreated(**WebhookEndpointRead.of(endpoint).model_dump(), secret=endpoint.secret)


@router.get("", operation_id="list_webhook_endpoints", response_model=list[WebhookEndpointRead])
async def list_webhook_endpoints(session: Session, principal: Admin) -> list[WebhookEndpointRead]:
    """Your customer's webhook endpoints, enabled and disabled."""
    return [WebhookEndpointRead.of(e) for e in await service.list_endpoints(session, principal=principal)]


@router.get("/{endpoint_id}", operation_id="get_webhook_endpoint", response_model=WebhookEndpointRead)
async def get_webhook_endpoint(endpoint_id: uuid.UUID, session: Session, principal: Admin) -> WebhookEndpointRead:
    return WebhookEndpointRead.of(await service.get(session, endpoint_id, principal=principal))


@router.delete("/{endpoint_id}", status_code=204, operation_id="disable_webhook_endpoint")
async def disable_webhook_endpoint(
    endpoint_id: uuid.UUID, request: Request, session: Session, principal: Admin
) -> Response:
    """Stop sending to this endpoint; deliveries still pending are marked failed. Its history stays readable."""
    await service.disable(session, endpoint_id, principal=principal, clock=request.app.state.runtime.clock)
    return Response(status_code=204)


@router.get(
    "/{endpoint_id}/deliveries", operation_id="list_webhook_deliveries", response_model=Page[WebhookDeliveryRead]
)
async def list_webhook_deliveries(
    endpoint_id: uuid.UUID,
    session: Session,
    principal: Admin,
    status: Literal["pending", "delivered", "failed"] | None = None,
    cursor: str | None = None,
    limit: Annotated[int, Query(ge=1, le=MAX_LIMIT)] = DEFAULT_LIMIT,
) -> Page[WebhookDeliveryRead]:
    """Every event sent (or being sent) to this endpoint, oldest first, with attempts and the last answer."""
    rows = await service.deliveries(
        session, endpoint_id, principal=principal, status=status, cursor=cursor, limit=limit
    )
    return page_of(list(rows), limit, to_item=WebhookDeliveryRead.of)
