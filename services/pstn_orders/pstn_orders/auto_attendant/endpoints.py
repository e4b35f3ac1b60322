"""Auto attendants HTTP API: a name, a location and the numbers it answers."""

from __future__ import annotations

import uuid
from typing import Annotated

from fastapi import APIRouter, Depends, Request, Response

from contracts.problem import Problem
from pstn_orders.auto_attendant.schemas import AutoAttendantCreate, AutoAttendantRead, AutoAttendantUpdate
from pstn_orders.auto_attendant.service import AutoAttendantService
from pstn_orders.callers import Orderer, Reader
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

router = APIRouter(prefix="/v1/customers", tags=["auto attendants"], responses=PROBLEM_RESPONSES)
AutoAttendants = Annotated[AutoAttendantService, Depends(component(AutoAttendantService))]
ONE = "/{customer_id}/auto-attendants/{auto_attendant_id}"


@router.post(
    "/{customer_id}/auto-attendants",
    status_code=201,
    operation_id="create_auto_attendant",
    responses={
        409: {
            "model": Problem,
            "description": "`customer-not-active` (suspended or cancelled), `number-already-assigned`, `number-not-"
            "active`, `user-has-number`",
        }
    },
    response_model=AutoAttendantRead,
)
async def create_auto_attendant(
    customer_id: uuid.UUID,
    body: AutoAttendantCreate,
    request: Request,
    session: Session,
    principal: Orderer,
    auto_attendants: AutoAttendants,
    idempotency_key: IdempotencyKey = None,
) -> Response:
    """Create an auto attendant at a location of the customer, with the active numbers it answers."""

    async def act() -> Answer:
        group = await auto_attendants.create(session, customer_id, body, principal=principal)
        return 201, AutoAttendantRead.model_validate(group).model_dump(mode="json"), {"ETag": etag(group.version)}

    return await idempotent(session, request, principal=principal.client_id, key=idempotency_key, body=body, act=act)


@router.get(
    "/{customer_id}/auto-attendants", operation_id="list_auto_attendants", response_model=Page[AutoAttendantRead]
)
async def list_auto_attendants(
    customer_id: uuid.UUID, session: Session, principal: Reader, auto_attendants: AutoAttendants, page: Paging
) -> Page[AutoAttendantRead]:
    """The customer's auto attendants with their numbers, oldest first."""
    return page_of(await auto_attendants.list(session, customer_id, page, principal=principal), page, AutoAttendantRead)


@router.get(ONE, operation_id="get_auto_attendant", response_model=AutoAttendantRead)
async def get_auto_attendant(
    customer_id: uuid.UUID,
    auto_attendant_id: uuid.UUID,
    session: Session,
    principal: Reader,
    auto_attendants: AutoAttendants,
    response: Response,
) -> AutoAttendantRead:
    """One auto attendant with its numbers."""
    group = await auto_attendants.get(session, customer_id, auto_attendant_id, principal=principal)
    response.headers["ETag"] = etag(group.version)
    return AutoAttendantRead.model_validate(group)


@router.patch(
    ONE,
    operation_id="update_auto_attendant",
    responses={
        409: {
            "model": Problem,
            "description": "`customer-not-active` (new numbers for a suspended or cancelled customer), `number-"
            "already-assigned`, `number-not-active`",
        }
    },
    response_model=AutoAttendantRead,
)
async def update_auto_attendant(
    customer_id: uuid.UUID,
    auto_attendant_id: uuid.UUID,
    body: AutoAttendantUpdate,
    session: Session,
    principal: Orderer,
    auto_attendants: AutoAttendants,
    response: Response,
    if_match: IfMatch = None,
) -> AutoAttendantRead:
    """Rename or move the auto attendant, or give it a new set of numbers (those left out are unassigned)."""
    group = await auto_attendants.update(
        session, customer_id, auto_attendant_id, body, principal=principal, if_match=if_match
    )
    response.headers["ETag"] = etag(group.version)
    return AutoAttendantRead.model_validate(group)


@router.delete(ONE, status_code=204, operation_id="delete_auto_attendant")
async def delete_auto_attendant(
    customer_id: uuid.UUID,
    auto_attendant_id: uuid.UUID,
    session: Session,
    principal: Orderer,
    auto_attendants: AutoAttendants,
    if_match: IfMatch = None,
) -> Response:
    """Delete the auto attendant; its numbers stay the customer's, unassigned."""
    await auto_attendants.delete(session, customer_id, auto_attendant_id, principal=principal, if_match=if_match)
    return Response(status_code=204)
