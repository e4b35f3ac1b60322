"""Number orders HTTP API."""

from __future__ import annotations

import uuid
from typing import Annotated, Literal

from fastapi import APIRouter, Depends, Query, Request, Response

from pstn_orders.callers import Orderer, Reader
from pstn_orders.number_order.models import NumberOrder
from pstn_orders.number_order.schemas import NumberOrderCreate, NumberOrderPrecheck, NumberOrderRead
from pstn_orders.number_order.service import NumberOrderService
from servicekit import (
    PROBLEM_RESPONSES,
    Answer,
    IdempotencyKey,
    Page,
    Paging,
    Session,
    component,
    etag,
    idempotent,
    page_of,
)

router = APIRouter(prefix="/v1/customers", tags=["number orders"], responses=PROBLEM_RESPONSES)

Orders = Annotated[NumberOrderService, Depends(component(NumberOrderService))]


def _read(order: NumberOrder, orders: NumberOrderService) -> NumberOrderRead:
    read = NumberOrderRead.model_validate(order)
    read.number_policy_url = orders.number_policy_url  # R-PSTN-27
    return read


@router.post(
    "/{customer_id}/number-orders", status_code=201, operation_id="create_number_order", response_model=NumberOrderRead
)
async def create_number_order(
    customer_id: uuid.UUID,
    body: NumberOrderCreate,
    request: Request,
    session: Session,
    principal: Orderer,
    orders: Orders,
    idempotency_key: IdempotencyKey = None,
) -> Response:
    """Order new numbers (R-PSTN-11); alerts answer 409 until listed in confirm_alerts (R-PSTN-34)."""

    async def act() -> Answer:
        order = await orders.place(session, customer_id, body, principal=principal)
        return 201, _read(order, orders).model_dump(mode="json"), {"ETag": etag(order.version)}

    return await idempotent(session, request, principal=principal.client_id, key=idempotency_key, body=body, act=act)


@router.post(
    "/{customer_id}/number-orders/precheck", operation_id="precheck_number_order", response_model=NumberOrderPrecheck
)
async def precheck_number_order(
    customer_id: uuid.UUID,
    body: NumberOrderCreate,
    request: Request,
    session: Session,
    principal: Orderer,
    orders: Orders,
) -> NumberOrderPrecheck:
    """Dry run of an order: every rule it would break and every alert it would raise; nothing is placed."""
    draft = await orders.precheck(session, customer_id, body, principal=principal)
    unconfirmed = draft.unconfirmed(body.confirm_alerts)
    return NumberOrderPrecheck(
        ok=not draft.problems and not unconfirmed,
        problems=[p.to_problem(request.url.path) for p in draft.problems],
        alerts=draft.alerts,
        number_policy_url=orders.number_policy_url,
    )


@router.get("/{customer_id}/number-orders", operation_id="list_number_orders", response_model=Page[NumberOrderRead])
async def list_number_orders(
    customer_id: uuid.UUID,
    session: Session,
    principal: Reader,
    orders: Orders,
    page: Paging,
    state: Annotated[Literal["pending", "provisioned", "error", "action_required"] | None, Query()] = None,
) -> Page[NumberOrderRead]:
    """The customer's number orders and support requests with their state, oldest first (R-PSTN-38)."""
    listed = page_of(
        await orders.list(session, customer_id, page, principal=principal, state=state), page, NumberOrderRead
    )
    for item in listed.items:
        item.number_policy_url = orders.number_policy_url
    return listed


@router.get("/{customer_id}/number-orders/{order_id}", operation_id="get_number_order", response_model=NumberOrderRead)
async def get_number_order(
    customer_id: uuid.UUID, order_id: uuid.UUID, response: Response, session: Session, principal: Reader, orders: Orders
) -> NumberOrderRead:
    """One order: its state, each number's fulfilment, the expected completion and whom to contact."""
    order = await orders.get(session, customer_id, order_id, principal=principal)
    response.headers["ETag"] = etag(order.version)
    return _read(order, orders)
