"""Port orders HTTP API."""

from __future__ import annotations

import uuid
from collections import Counter
from typing import Annotated, Literal

from fastapi import APIRouter, Depends, Query, Request, Response

from pstn_orders.callers import Orderer, Reader
from pstn_orders.carrier import LosingAccount, MainBtnPlan, PortRejection, PortRejectionCode
from pstn_orders.port_order.checks import code_help
from pstn_orders.port_order.lifecycle import PortLifecycle
from pstn_orders.port_order.models import PortOrder
from pstn_orders.port_order.schemas import (
    AccountRead,
    BtnGroup,
    CheckReport,
    DocumentRef,
    LoaSignature,
    LoaSignerRead,
    MainBtnAnswer,
    PortNumberRead,
    PortOrderCreate,
    PortOrderRead,
    PortOrderUpdate,
    PortSupplement,
    RejectionRead,
    TimelineEntryRead,
)
from pstn_orders.port_order.service import PortOrderService, numbers_of
from pstn_orders.port_rejection import rejection_code
from pstn_orders.support.desks import desk_for
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

PortOrders = Annotated[PortOrderService, Depends(component(PortOrderService))]
Ports = Annotated[PortLifecycle, Depends(component(PortLifecycle))]
PortOrderStateName = Literal["pending", "submitted", "rejected", "foc_received", "completed", "cancelled"]
MAIN_BTN_QUESTION = [
    "port_type: full or partial",
    "remaining: keep or disconnect the numbers of the account that are not ported",
    "new_btn: the number that becomes the account's BTN when they are kept",
]


def _rejection(order: PortOrder) -> RejectionRead | None:
    if order.rejection is None:
        return None
    rejection = PortRejection.model_validate(order.rejection)
    row = rejection_code(rejection.code)
    multiple = rejection.code == PortRejectionCode.multiple_btns
    return RejectionRead(
        code=row.code.value,
        display_name=row.display_name,
        meaning=row.meaning,
        remedy=row.remedy,
        detail=rejection.detail,
        numbers=rejection.numbers,
        help=code_help(rejection.code),  # R-PSTN-24
        split=[BtnGroup(btn=b, numbers=n) for b, n in sorted(rejection.groups.items())] if multiple else None,
        question=MAIN_BTN_QUESTION if rejection.code == PortRejectionCode.main_btn_pending else None,
    )


def read(order: PortOrder) -> PortOrderRead:
    account = LosingAccount.model_validate(order.account)
    numbers = numbers_of(order)
    code = (order.rejection or {}).get("code")
    return PortOrderRead(
        id=order.id,
        order_number=order.order_number,
        customer_id=order.customer_id,
        location_id=order.location_id,
        country=order.country,
        mode=order.mode,
        state=order.state,
        cancel_pending=order.cancel_requested_at is not None and order.state != "cancelled",
        cart_id=order.cart_id,
        split_from=order.split_from,
        losing_carrier=order.losing_carrier,
        account=AccountRead(**account.model_dump(exclude={"pin"}), pin_given=bool(account.pin)),
        voice=order.voice,
        messaging=order.messaging,
        requested_at=order.requested_at,
        notification_email=order.notification_email,
        numbers=len(numbers),
        by_status=dict(Counter(n.status for n in order.numbers)),
        bill_id=order.bill_id,
        loa_id=order.loa_id,
        loa_signer=LoaSignerRead(**order.loa_signer) if order.loa_signer else None,
        loa_signed_at=order.loa_signed_at,
        loa_current=order.loa_id is not None and sorted(order.loa_numbers or []) == sorted(numbers),
        main_btn=MainBtnPlan.model_validate(order.main_btn) if order.main_btn else None,
        carrier_port_id=order.carrier_port_id,
        attempts=order.attempts,
        foc_at=order.foc_at,
        rejection=_rejection(order),
        completed_at=order.completed_at,
        help=desk_for(order.state, code),  # R-PSTN-24
        version=order.version,
        created_at=order.created_at,
        updated_at=order.updated_at,
    )


def _answer(order: PortOrder, response: Response) -> PortOrderRead:
    response.headers["ETag"] = etag(order.version)
    return read(order)


@router.post(
    "/{customer_id}/port-orders", status_code=201, operation_id="create_port_order", response_model=PortOrderRead
)
async def create_port_order(
    customer_id: uuid.UUID,
    body: PortOrderCreate,
    request: Request,
    session: Session,
    principal: Orderer,
    orders: PortOrders,
    idempotency_key: IdempotencyKey = None,
) -> Response:
    """Draft a port order from a port cart's portable numbers (R-PSTN-15); it stays pending until submitted."""

    async def act() -> Answer:
        order = await orders.create(session, customer_id, body, principal=principal)
        return 201, read(order).model_dump(mode="json"), {"ETag": etag(order.version)}

    return await idempotent(session, request, principal=principal.client_id, key=idempotency_key, body=body, act=act)


@router.get("/{customer_id}/port-orders", operation_id="list_port_orders", response_model=Page[PortOrderRead])
async def list_port_orders(
    customer_id: uuid.UUID,
    session: Session,
    principal: Reader,
    orders: PortOrders,
    page: Paging,
    state: Annotated[PortOrderStateName | None, Query(description="Only orders in this state")] = None,
) -> Page[PortOrderRead]:
    """The customer's port orders, oldest first, with their states (R-PSTN-21)."""
    rows = await orders.of_customer(session, customer_id, page, state=state, principal=principal)
    return page_of(rows, page, PortOrderRead, read=read)


@router.get("/{customer_id}/port-orders/{port_order_id}", operation_id="get_port_order", response_model=PortOrderRead)
async def get_port_order(
    customer_id: uuid.UUID,
    port_order_id: uuid.UUID,
    response: Response,
    session: Session,
    principal: Reader,
    orders: PortOrders,
) -> PortOrderRead:
    """The order: state, losing account (never the PIN), documents, FOC date, rejection with its remedy."""
    return _answer(await orders.get(session, customer_id, port_order_id, principal=principal), response)


@router.patch(
    "/{customer_id}/port-orders/{port_order_id}", operation_id="update_port_order", response_model=PortOrderRead
)
async def update_port_order(
    customer_id: uuid.UUID,
    port_order_id: uuid.UUID,
    body: PortOrderUpdate,
    response: Response,
    session: Session,
    principal: Orderer,
    orders: PortOrders,
    if_match: IfMatch = None,
) -> PortOrderRead:
    """Fix the account details, the wished date or the numbers, while the order is pending or rejected."""
    order = await orders.edit(session, customer_id, port_order_id, body, principal=principal, if_match=if_match)
    return _answer(order, response)


@router.get(
    "/{customer_id}/port-orders/{port_order_id}/numbers",
    operation_id="list_port_order_numbers",
    response_model=Page[PortNumberRead],
)
async def list_port_order_numbers(
    customer_id: uuid.UUID,
    port_order_id: uuid.UUID,
    session: Session,
    principal: Reader,
    orders: PortOrders,
    page: Paging,
    status: Annotated[
        Literal["draft", "in_progress", "success", "failed"] | None, Query(description="Only numbers in this status")
    ] = None,
) -> Page[PortNumberRead]:
    """The order's numbers, in the order pasted, each with its status at the carrier."""
    order = await orders.get(session, customer_id, port_order_id, principal=principal)
    return page_of(await orders.numbers(session, order, page, status=status), page, PortNumberRead)


@router.get(
    "/{customer_id}/port-orders/{port_order_id}/timeline",
    operation_id="list_port_order_timeline",
    response_model=Page[TimelineEntryRead],
)
async def list_port_order_timeline(
    customer_id: uuid.UUID,
    port_order_id: uuid.UUID,
    session: Session,
    principal: Reader,
    orders: PortOrders,
    page: Paging,
) -> Page[TimelineEntryRead]:
    """Every transition and change of the order, oldest first: who, what, why and when (R-PSTN-21)."""
    order = await orders.get(session, customer_id, port_order_id, principal=principal)
    return page_of(await orders.timeline(session, order, page), page, TimelineEntryRead)


@router.put(
    "/{customer_id}/port-orders/{port_order_id}/bill",
    operation_id="attach_port_order_bill",
    response_model=PortOrderRead,
)
async def attach_port_order_bill(
    customer_id: uuid.UUID,
    port_order_id: uuid.UUID,
    body: DocumentRef,
    response: Response,
    session: Session,
    principal: Orderer,
    orders: PortOrders,
    if_match: IfMatch = None,
) -> PortOrderRead:
    """Attach the losing carrier's bill, uploaded to the customer's documents (at most 30 days old, R-PSTN-15)."""
    order = await orders.attach_bill(
        session, customer_id, port_order_id, body.document_id, principal=principal, if_match=if_match
    )
    return _answer(order, response)


@router.post(
    "/{customer_id}/port-orders/{port_order_id}/loa-signature",
    operation_id="sign_port_order_loa",
    response_model=PortOrderRead,
)
async def sign_port_order_loa(
    customer_id: uuid.UUID,
    port_order_id: uuid.UUID,
    body: LoaSignature,
    response: Response,
    session: Session,
    principal: Orderer,
    orders: PortOrders,
    if_match: IfMatch = None,
) -> PortOrderRead:
    """The authorised person signs the LOA; the platform keeps it as a PDF listing every number (R-PSTN-15)."""
    order = await orders.sign_loa(session, customer_id, port_order_id, body, principal=principal, if_match=if_match)
    return _answer(order, response)


@router.put(
    "/{customer_id}/port-orders/{port_order_id}/loa", operation_id="attach_port_order_loa", response_model=PortOrderRead
)
async def attach_port_order_loa(
    customer_id: uuid.UUID,
    port_order_id: uuid.UUID,
    body: DocumentRef,
    response: Response,
    session: Session,
    principal: Orderer,
    orders: PortOrders,
    if_match: IfMatch = None,
) -> PortOrderRead:
    """Attach the signed country-specific LOA of an assisted country, also after submission (R-PSTN-17)."""
    order = await orders.upload_loa(
        session, customer_id, port_order_id, body.document_id, principal=principal, if_match=if_match
    )
    return _answer(order, response)


@router.put(
    "/{customer_id}/port-orders/{port_order_id}/main-btn",
    operation_id="answer_port_order_main_btn",
    response_model=PortOrderRead,
)
async def answer_port_order_main_btn(
    customer_id: uuid.UUID,
    port_order_id: uuid.UUID,
    body: MainBtnAnswer,
    response: Response,
    session: Session,
    principal: Orderer,
    orders: PortOrders,
    if_match: IfMatch = None,
) -> PortOrderRead:
    """Say how the account's main BTN is ported: port type, the remaining numbers, the new BTN (R-PSTN-22)."""
    order = await orders.answer_main_btn(
        session, customer_id, port_order_id, body, principal=principal, if_match=if_match
    )
    return _answer(order, response)


@router.post(
    "/{customer_id}/port-orders/{port_order_id}/check", operation_id="check_port_order", response_model=CheckReport
)
async def check_port_order(
    customer_id: uuid.UUID, port_order_id: uuid.UUID, session: Session, principal: Orderer, ports: Ports
) -> CheckReport:
    """Check before submitting (R-PSTN-19): every problem at once, then each difference with the losing carrier's
    record and the rejection code it would cause, with its remedy."""
    return await ports.check(session, customer_id, port_order_id, principal=principal)


@router.post(
    "/{customer_id}/port-orders/{port_order_id}/submission",
    operation_id="submit_port_order",
    response_model=PortOrderRead,
)
async def submit_port_order(
    customer_id: uuid.UUID,
    port_order_id: uuid.UUID,
    response: Response,
    session: Session,
    principal: Orderer,
    ports: Ports,
    if_match: IfMatch = None,
) -> PortOrderRead:
    """Submit a pending order, or resubmit a rejected one once fixed (R-PSTN-21)."""
    order = await ports.submit(session, customer_id, port_order_id, principal=principal, if_match=if_match)
    return _answer(order, response)


@router.post(
    "/{customer_id}/port-orders/{port_order_id}/supplements",
    operation_id="supplement_port_order",
    response_model=PortOrderRead,
)
async def supplement_port_order(
    customer_id: uuid.UUID,
    port_order_id: uuid.UUID,
    body: PortSupplement,
    response: Response,
    session: Session,
    principal: Orderer,
    ports: Ports,
    if_match: IfMatch = None,
) -> PortOrderRead:
    """Change a submitted order's wished date or account details at the carrier."""
    order = await ports.supplement(session, customer_id, port_order_id, body, principal=principal, if_match=if_match)
    return _answer(order, response)


@router.post(
    "/{customer_id}/port-orders/{port_order_id}/cancellation",
    operation_id="cancel_port_order",
    response_model=PortOrderRead,
)
async def cancel_port_order(
    customer_id: uuid.UUID,
    port_order_id: uuid.UUID,
    response: Response,
    session: Session,
    principal: Orderer,
    ports: Ports,
    if_match: IfMatch = None,
) -> PortOrderRead:
    """Cancel: a draft or rejected order at once; a submitted one is cancel-pending until the carrier confirms."""
    order = await ports.cancel(session, customer_id, port_order_id, principal=principal, if_match=if_match)
    return _answer(order, response)


@router.post(
    "/{customer_id}/port-orders/{port_order_id}/activation",
    operation_id="activate_port_order",
    response_model=PortOrderRead,
)
async def activate_port_order(
    customer_id: uuid.UUID,
    port_order_id: uuid.UUID,
    response: Response,
    session: Session,
    principal: Orderer,
    ports: Ports,
    if_match: IfMatch = None,
) -> PortOrderRead:
    """Activate the port on demand on its FOC day: the numbers go live now."""
    order = await ports.activate(session, customer_id, port_order_id, principal=principal, if_match=if_match)
    return _answer(order, response)


@router.post(
    "/{customer_id}/port-orders/{port_order_id}/split",
    status_code=201,
    operation_id="split_port_order",
    response_model=list[PortOrderRead],
)
async def split_port_order(
    customer_id: uuid.UUID,
    port_order_id: uuid.UUID,
    session: Session,
    principal: Orderer,
    orders: PortOrders,
    if_match: IfMatch = None,
) -> list[PortOrderRead]:
    """multiple_btns: draft one order per BTN group and cancel this one (R-PSTN-22)."""
    drafts = await orders.split(session, customer_id, port_order_id, principal=principal, if_match=if_match)
    return [read(d) for d in drafts]
