"""Reservations HTTP API."""

from __future__ import annotations

import uuid
from typing import Annotated

from fastapi import APIRouter, Depends, Request, Response

from pstn_orders.callers import Orderer, Reader
from pstn_orders.reservation.schemas import ReservationCreate, ReservationRead
from pstn_orders.reservation.service import ReservationService
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

Reservations = Annotated[ReservationService, Depends(component(ReservationService))]


@router.post(
    "/{customer_id}/reservations", status_code=201, operation_id="create_reservation", response_model=ReservationRead
)
async def create_reservation(
    customer_id: uuid.UUID,
    body: ReservationCreate,
    request: Request,
    session: Session,
    principal: Orderer,
    reservations: Reservations,
    idempotency_key: IdempotencyKey = None,
) -> Response:
    """Hold numbers from a search for the customer (30 minutes by default); nobody else can take them."""

    async def act() -> Answer:
        reservation = await reservations.reserve(session, customer_id, body, principal=principal)
        read = ReservationRead.model_validate(reservation).model_dump(mode="json")
        return 201, read, {"ETag": etag(reservation.version)}

    return await idempotent(session, request, principal=principal.client_id, key=idempotency_key, body=body, act=act)


@router.get("/{customer_id}/reservations", operation_id="list_reservations", response_model=Page[ReservationRead])
async def list_reservations(
    customer_id: uuid.UUID, session: Session, principal: Reader, reservations: Reservations, page: Paging
) -> Page[ReservationRead]:
    """The customer's reservations, oldest first."""
    return page_of(await reservations.list(session, customer_id, page, principal=principal), page, ReservationRead)


@router.get(
    "/{customer_id}/reservations/{reservation_id}", operation_id="get_reservation", response_model=ReservationRead
)
async def get_reservation(
    customer_id: uuid.UUID,
    reservation_id: uuid.UUID,
    response: Response,
    session: Session,
    principal: Reader,
    reservations: Reservations,
) -> ReservationRead:
    """One reservation: its numbers and until when they are held."""
    reservation = await reservations.get(session, customer_id, reservation_id, principal=principal)
    response.headers["ETag"] = etag(reservation.version)
    return ReservationRead.model_validate(reservation)


@router.post(
    "/{customer_id}/reservations/{reservation_id}/extension",
    operation_id="extend_reservation",
    response_model=ReservationRead,
)
async def extend_reservation(
    customer_id: uuid.UUID,
    reservation_id: uuid.UUID,
    response: Response,
    session: Session,
    principal: Orderer,
    reservations: Reservations,
    if_match: IfMatch = None,
) -> ReservationRead:
    """Hold the numbers for another reservation period from now; a lapsed reservation cannot be extended."""
    reservation = await reservations.extend(
        session, customer_id, reservation_id, principal=principal, if_match=if_match
    )
    response.headers["ETag"] = etag(reservation.version)
    return ReservationRead.model_validate(reservation)


@router.delete(
    "/{customer_id}/reservations/{reservation_id}", operation_id="release_reservation", response_model=ReservationRead
)
async def release_reservation(
    customer_id: uuid.UUID,
    reservation_id: uuid.UUID,
    response: Response,
    session: Session,
    principal: Orderer,
    reservations: Reservations,
    if_match: IfMatch = None,
) -> ReservationRead:
    """Let the numbers go back to the carrier's inventory."""
    reservation = await reservations.release(
        session, customer_id, reservation_id, principal=principal, if_match=if_match
    )
    response.headers["ETag"] = etag(reservation.version)
    return ReservationRead.model_validate(reservation)
