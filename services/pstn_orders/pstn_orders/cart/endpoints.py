"""Carts HTTP API."""

from __future__ import annotations

import uuid
from typing import Annotated

from fastapi import APIRouter, Depends, Request, Response

from pstn_orders.callers import Orderer, Reader
from pstn_orders.cart.schemas import CartCreate, CartRead, CartUpdate
from pstn_orders.cart.service import CartService
from servicekit import (
    PROBLEM_RESPONSES,
    Answer,
    IdempotencyKey,
    IfMatch,
    Page,
    Paging,
    Session,
    component,
    etag,
    idempotent,
    page_of,
)

router = APIRouter(prefix="/v1/customers", tags=["number orders"], responses=PROBLEM_RESPONSES)

Carts = Annotated[CartService, Depends(component(CartService))]


@router.post("/{customer_id}/carts", status_code=201, operation_id="create_cart", response_model=CartRead)
async def create_cart(
    customer_id: uuid.UUID,
    body: CartCreate,
    request: Request,
    session: Session,
    principal: Orderer,
    carts: Carts,
    idempotency_key: IdempotencyKey = None,
) -> Response:
    """Start a cart of chosen numbers (R-PSTN-36); order it with `cart_id` when done."""

    async def act() -> Answer:
        cart = await carts.create(session, customer_id, body, principal=principal)
        return 201, CartRead.model_validate(cart).model_dump(mode="json"), {"ETag": etag(cart.version)}

    return await idempotent(session, request, principal=principal.client_id, key=idempotency_key, body=body, act=act)


@router.get("/{customer_id}/carts", operation_id="list_carts", response_model=Page[CartRead])
async def list_carts(
    customer_id: uuid.UUID, session: Session, principal: Reader, carts: Carts, page: Paging
) -> Page[CartRead]:
    """The customer's carts, oldest first."""
    return page_of(await carts.list(session, customer_id, page, principal=principal), page, CartRead)


@router.get("/{customer_id}/carts/{cart_id}", operation_id="get_cart", response_model=CartRead)
async def get_cart(
    customer_id: uuid.UUID, cart_id: uuid.UUID, response: Response, session: Session, principal: Reader, carts: Carts
) -> CartRead:
    """One cart and its numbers."""
    cart = await carts.get(session, customer_id, cart_id, principal=principal)
    response.headers["ETag"] = etag(cart.version)
    return CartRead.model_validate(cart)


@router.put("/{customer_id}/carts/{cart_id}", operation_id="update_cart", response_model=CartRead)
async def update_cart(
    customer_id: uuid.UUID,
    cart_id: uuid.UUID,
    body: CartUpdate,
    response: Response,
    session: Session,
    principal: Orderer,
    carts: Carts,
    if_match: IfMatch = None,
) -> CartRead:
    """Replace the cart's numbers; refused once its order was placed (R-PSTN-36)."""
    cart = await carts.update(session, customer_id, cart_id, body, principal=principal, if_match=if_match)
    response.headers["ETag"] = etag(cart.version)
    return CartRead.model_validate(cart)


@router.delete("/{customer_id}/carts/{cart_id}", status_code=204, operation_id="delete_cart")
async def delete_cart(
    customer_id: uuid.UUID,
    cart_id: uuid.UUID,
    session: Session,
    principal: Orderer,
    carts: Carts,
    if_match: IfMatch = None,
) -> Response:
    """Throw an open cart away."""
    await carts.delete(session, customer_id, cart_id, principal=principal, if_match=if_match)
    return Response(status_code=204)
