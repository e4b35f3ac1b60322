"""Contact-center trials and subscription orders HTTP API (R-CC-01, R-CC-16)."""

from __future__ import annotations

import uuid
from typing import Annotated, Any

from fastapi import APIRouter, Depends, Request, Response

from cc_setup.callers import Reader, SetUpper
from cc_setup.order.models import ContactCenterOrder
from cc_setup.order.schemas import OrderRead, SubscriptionOrderCreate, TrialCreate
from cc_setup.order.service import OrderService
from contracts.problem import Problem
from servicekit import PROBLEM_RESPONSES, Answer, IdempotencyKey, Session, component, etag, idempotent

router = APIRouter(prefix="/v1/customers", tags=["contact-center orders"], responses=PROBLEM_RESPONSES)
Orders = Annotated[OrderService, Depends(component(OrderService))]
REFUSED: dict[int | str, dict[str, Any]] = {
    409: {
        "model": Problem,
        "description": "`contact-center-order-exists`, or `customer-not-active` (suspended or cancelled)",
    },
    422: {"model": Problem, "description": "`validation-failed`, e.g. `addons` with the PSTN add-on (R-CC-10)"},
}


def _answer(order: ContactCenterOrder) -> Answer:
    read = OrderRead.model_validate(order)
    link = f'<{read.continue_to_setup.href}>; rel="setup"'  # R-CC-16
    return 201, read.model_dump(mode="json"), {"ETag": etag(order.version), "Link": link}


@router.post(
    "/{customer_id}/contact-center/trials",
    status_code=201,
    operation_id="start_contact_center_trial",
    response_model=OrderRead,
    responses=REFUSED,
)
async def start_contact_center_trial(
    customer_id: uuid.UUID,
    body: TrialCreate,
    request: Request,
    session: Session,
    principal: SetUpper,
    orders: Orders,
    idempotency_key: IdempotencyKey = None,
) -> Response:
    """Start a contact-center trial for the customer (R-CC-01); the answer links straight to setup (R-CC-16)."""

    async def act() -> Answer:
        return _answer(await orders.start_trial(session, customer_id, body, principal=principal))

    return await idempotent(session, request, principal=principal.client_id, key=idempotency_key, body=body, act=act)


@router.post(
    "/{customer_id}/contact-center/subscription-orders",
    status_code=201,
    operation_id="map_contact_center_subscription_order",
    response_model=OrderRead,
    responses=REFUSED,
)
async def map_contact_center_subscription_order(
    customer_id: uuid.UUID,
    body: SubscriptionOrderCreate,
    request: Request,
    session: Session,
    principal: SetUpper,
    orders: Orders,
    idempotency_key: IdempotencyKey = None,
) -> Response:
    """Map a contact-center subscription order to the customer (R-CC-01); the answer links to setup (R-CC-16)."""

    async def act() -> Answer:
        return _answer(await orders.map_subscription(session, customer_id, body, principal=principal))

    return await idempotent(session, request, principal=principal.client_id, key=idempotency_key, body=body, act=act)


@router.get(
    "/{customer_id}/contact-center/order",
    operation_id="get_contact_center_order",
    response_model=OrderRead,
    responses={404: {"model": Problem, "description": "`contact-center-order-not-found`"}},
)
async def get_contact_center_order(
    customer_id: uuid.UUID, session: Session, principal: Reader, orders: Orders, response: Response
) -> OrderRead:
    """The customer's contact-center trial or subscription order."""
    order = await orders.get(session, customer_id, principal=principal)
    response.headers["ETag"] = etag(order.version)
    return OrderRead.model_validate(order)
