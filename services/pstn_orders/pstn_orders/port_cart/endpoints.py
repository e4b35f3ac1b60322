"""Port carts HTTP API."""

from __future__ import annotations

import uuid
from typing import Annotated

from fastapi import APIRouter, Depends, Query, Request, Response

from pstn_orders.callers import Orderer, Reader
from pstn_orders.port_cart.classify import LineClass
from pstn_orders.port_cart.schemas import PortCartLineRead, PortCartRead, ReferralRead, Verdict
from pstn_orders.port_cart.service import PortCartService
from pstn_orders.port_cart.upload import PASTE_BODY, pasted_lines
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

router = APIRouter(prefix="/v1/customers", tags=["ports"], responses=PROBLEM_RESPONSES)

PortCarts = Annotated[PortCartService, Depends(component(PortCartService))]


@router.post(
    "/{customer_id}/port-carts",
    status_code=201,
    operation_id="create_port_cart",
    response_model=PortCartRead,
    openapi_extra=PASTE_BODY,
)
async def create_port_cart(
    customer_id: uuid.UUID,
    request: Request,
    session: Session,
    principal: Orderer,
    carts: PortCarts,
    idempotency_key: IdempotencyKey = None,
) -> Response:
    """Start a port cart from pasted text, CSV or an .xlsx upload; each line is classified and checked at once."""
    pasted = await pasted_lines(request)

    async def act() -> Answer:
        cart = await carts.create(session, customer_id, pasted, principal=principal)
        return 201, cart.model_dump(mode="json"), {"ETag": etag(cart.version)}

    return await idempotent(session, request, principal=principal.client_id, key=idempotency_key, body=pasted, act=act)


@router.get("/{customer_id}/port-carts/{cart_id}", operation_id="get_port_cart", response_model=PortCartRead)
async def get_port_cart(
    customer_id: uuid.UUID,
    cart_id: uuid.UUID,
    response: Response,
    session: Session,
    principal: Reader,
    carts: PortCarts,
) -> PortCartRead:
    """The cart as counts by class and by portability verdict (R-PSTN-37); list its lines apart."""
    cart = await carts.get(session, customer_id, cart_id, principal=principal)
    response.headers["ETag"] = etag(cart.version)
    return cart


@router.post(
    "/{customer_id}/port-carts/{cart_id}/lines",
    operation_id="add_port_cart_lines",
    response_model=PortCartRead,
    openapi_extra=PASTE_BODY,
)
async def add_port_cart_lines(
    customer_id: uuid.UUID,
    cart_id: uuid.UUID,
    request: Request,
    response: Response,
    session: Session,
    principal: Orderer,
    carts: PortCarts,
    if_match: IfMatch = None,
) -> PortCartRead:
    """Paste more lines into the cart; a number already in it is a duplicate."""
    pasted = await pasted_lines(request)
    cart = await carts.add_lines(session, customer_id, cart_id, pasted, principal=principal, if_match=if_match)
    response.headers["ETag"] = etag(cart.version)
    return cart


@router.get(
    "/{customer_id}/port-carts/{cart_id}/lines",
    operation_id="list_port_cart_lines",
    response_model=Page[PortCartLineRead],
)
async def list_port_cart_lines(
    customer_id: uuid.UUID,
    cart_id: uuid.UUID,
    session: Session,
    principal: Reader,
    carts: PortCarts,
    page: Paging,
    line_class: Annotated[LineClass | None, Query(description="Only lines of this class")] = None,
    verdict: Annotated[Verdict | None, Query(description="Only lines with this portability verdict")] = None,
) -> Page[PortCartLineRead]:
    """The cart's lines in the order pasted, a page at a time."""
    lines = await carts.lines(
        session, customer_id, cart_id, page, line_class=line_class, verdict=verdict, principal=principal
    )
    return page_of(lines, page, PortCartLineRead)


@router.delete(
    "/{customer_id}/port-carts/{cart_id}/lines/{line_id}",
    operation_id="delete_port_cart_line",
    response_model=PortCartRead,
)
async def delete_port_cart_line(
    customer_id: uuid.UUID,
    cart_id: uuid.UUID,
    line_id: uuid.UUID,
    response: Response,
    session: Session,
    principal: Orderer,
    carts: PortCarts,
    if_match: IfMatch = None,
) -> PortCartRead:
    """Take a line out of the cart; answers the cart's counts after it."""
    cart = await carts.delete_line(session, customer_id, cart_id, line_id, principal=principal, if_match=if_match)
    response.headers["ETag"] = etag(cart.version)
    return cart


@router.post(
    "/{customer_id}/port-carts/{cart_id}/lines/{line_id}/referral",
    operation_id="refer_port_cart_line",
    response_model=ReferralRead,
)
async def refer_port_cart_line(
    customer_id: uuid.UUID,
    cart_id: uuid.UUID,
    line_id: uuid.UUID,
    session: Session,
    principal: Orderer,
    carts: PortCarts,
) -> ReferralRead:
    """Refer a number found not portable to PSTN technical support for review (R-PSTN-16, R-PSTN-24)."""
    line, desk = await carts.refer(session, customer_id, cart_id, line_id, principal=principal)
    return ReferralRead(line=PortCartLineRead.model_validate(line), desk=desk)
