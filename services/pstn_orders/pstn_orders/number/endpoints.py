"""Numbers HTTP API: listed by state and order, counted (R-PSTN-38), assigned and unassigned, released (a block
whole, R-PSTN-13), and a number's own emergency address (R-PSTN-10)."""

from __future__ import annotations

import uuid
from typing import Annotated

from fastapi import APIRouter, Depends, Query, Response

from contracts.problem import Problem
from pstn_orders.callers import Orderer, Reader
from pstn_orders.emergency_address.schemas import EmergencyAddressInput
from pstn_orders.number.emergency_address import NumberAddressService
from pstn_orders.number.lifecycle import NumberLifecycle
from pstn_orders.number.schemas import (
    AssignmentUpdate,
    NumberCounts,
    NumberEmergencyAddressRead,
    NumberRead,
    ReleasedBlock,
    StateFilter,
)
from pstn_orders.number.service import NumberService
from servicekit import PROBLEM_RESPONSES, IfMatch, Page, Paging, Session, component, etag, page_of

router = APIRouter(prefix="/v1/customers", tags=["numbers"], responses=PROBLEM_RESPONSES)
Numbers = Annotated[NumberService, Depends(component(NumberService))]
Lifecycle = Annotated[NumberLifecycle, Depends(component(NumberLifecycle))]
Addresses = Annotated[NumberAddressService, Depends(component(NumberAddressService))]
NUMBER = "/{customer_id}/numbers/{number_id}"


@router.get("/{customer_id}/numbers", operation_id="list_numbers", response_model=Page[NumberRead])
async def list_numbers(
    customer_id: uuid.UUID,
    session: Session,
    principal: Reader,
    numbers: Numbers,
    page: Paging,
    state: Annotated[StateFilter, Query(description="`all`: pending, unassigned and assigned")] = "all",
    order_id: Annotated[uuid.UUID | None, Query(description="Only the numbers of this order")] = None,
    location_id: uuid.UUID | None = None,
    contains: Annotated[str | None, Query(pattern=r"^\+?[0-9]{1,15}$", description="Digits of the number")] = None,
) -> Page[NumberRead]:
    """The customer's numbers by state, within an order, at a location, or by digits (R-PSTN-38)."""
    rows = await numbers.list(
        session,
        customer_id,
        page,
        principal=principal,
        state=state,
        order_id=order_id,
        location_id=location_id,
        contains=contains,
    )
    return page_of(rows, page, NumberRead)


@router.get("/{customer_id}/number-counts", operation_id="count_numbers", response_model=NumberCounts)
async def count_numbers(customer_id: uuid.UUID, session: Session, principal: Reader, numbers: Numbers) -> NumberCounts:
    """How many numbers the customer holds in each state, in all and per location (R-PSTN-38)."""
    return await numbers.counts(session, customer_id, principal=principal)


@router.get(NUMBER, operation_id="get_number", response_model=NumberRead)
async def get_number(
    customer_id: uuid.UUID,
    number_id: uuid.UUID,
    session: Session,
    principal: Reader,
    numbers: Numbers,
    response: Response,
) -> NumberRead:
    """One number: its state, its fulfilment in its order, and what it is assigned to."""
    number = await numbers.get(session, customer_id, number_id, principal=principal)
    response.headers["ETag"] = etag(number.version)
    return NumberRead.model_validate(number)


@router.put(
    f"{NUMBER}/assignment",
    operation_id="assign_number",
    responses={
        409: {
            "model": Problem,
            "description": "`customer-not-active` (suspended or cancelled), `number-not-active` (pending or released),"
            " `number-already-assigned` (to something else), `user-has-number`",
        }
    },
    response_model=NumberRead,
)
async def assign_number(
    customer_id: uuid.UUID,
    number_id: uuid.UUID,
    body: AssignmentUpdate,
    session: Session,
    principal: Orderer,
    numbers: Numbers,
    response: Response,
    if_match: IfMatch = None,
) -> NumberRead:
    """Assign an active number to a user, a hunt group or an auto attendant of the customer; a suspended or
    cancelled customer's numbers are not newly assigned."""
    number = await numbers.assign(session, customer_id, number_id, body, principal=principal, if_match=if_match)
    response.headers["ETag"] = etag(number.version)
    return NumberRead.model_validate(number)


@router.delete(
    f"{NUMBER}/assignment",
    operation_id="unassign_number",
    responses={409: {"model": Problem, "description": "`number-not-assigned`"}},
    response_model=NumberRead,
)
async def unassign_number(
    customer_id: uuid.UUID,
    number_id: uuid.UUID,
    session: Session,
    principal: Orderer,
    numbers: Numbers,
    response: Response,
    if_match: IfMatch = None,
) -> NumberRead:
    """Take the number off what it was assigned to; it stays the customer's, unassigned."""
    number = await numbers.unassign(session, customer_id, number_id, principal=principal, if_match=if_match)
    response.headers["ETag"] = etag(number.version)
    return NumberRead.model_validate(number)


@router.delete(
    NUMBER,
    operation_id="release_number",
    responses={
        409: {
            "model": Problem,
            "description": "`block-released-whole` (R-PSTN-13: release its block), `number-in-use` (unassign it "
            "first), `number-not-active` (still pending)",
        }
    },
    response_model=NumberRead,
)
async def release_number(
    customer_id: uuid.UUID,
    number_id: uuid.UUID,
    session: Session,
    principal: Orderer,
    lifecycle: Lifecycle,
    if_match: IfMatch = None,
) -> NumberRead:
    """Release an unassigned number: disconnected at the carrier, no longer the customer's; a number of a block
    goes only with its whole block (R-PSTN-13)."""
    number = await lifecycle.release(session, customer_id, number_id, principal=principal, if_match=if_match)
    return NumberRead.model_validate(number)


@router.delete(
    "/{customer_id}/number-blocks/{block_id}",
    operation_id="release_number_block",
    responses={
        409: {
            "model": Problem,
            "description": "`number-in-use` (a number of the block is assigned), `number-not-active` (still pending)",
        }
    },
    response_model=ReleasedBlock,
)
async def release_number_block(
    customer_id: uuid.UUID, block_id: uuid.UUID, session: Session, principal: Orderer, lifecycle: Lifecycle
) -> ReleasedBlock:
    """Release every number of a block at once, the only way a block's numbers go (R-PSTN-13)."""
    rows = await lifecycle.release_block(session, customer_id, block_id, principal=principal)
    return ReleasedBlock(block_id=block_id, numbers=[n.number for n in rows])


@router.get(
    f"{NUMBER}/emergency-address",
    operation_id="get_number_emergency_address",
    response_model=NumberEmergencyAddressRead,
)
async def get_number_emergency_address(
    customer_id: uuid.UUID,
    number_id: uuid.UUID,
    session: Session,
    principal: Reader,
    addresses: Addresses,
    response: Response,
) -> NumberEmergencyAddressRead:
    """Where emergency calls from the number go: its own address (R-PSTN-10) or its location's."""
    found = await addresses.get(session, customer_id, number_id, principal=principal)
    response.headers["ETag"] = etag(found.version)
    return NumberEmergencyAddressRead.model_validate(found)


@router.put(
    f"{NUMBER}/emergency-address",
    operation_id="put_number_emergency_address",
    responses={
        409: {
            "model": Problem,
            "description": "`customer-not-active` (suspended or cancelled), `number-not-active` (released)",
        }
    },
    response_model=NumberEmergencyAddressRead,
)
async def put_number_emergency_address(
    customer_id: uuid.UUID,
    number_id: uuid.UUID,
    body: EmergencyAddressInput,
    session: Session,
    principal: Orderer,
    addresses: Addresses,
    response: Response,
    if_match: IfMatch = None,
) -> NumberEmergencyAddressRead:
    """Give the number its own emergency address, or edit it (R-PSTN-10); the carrier validates it first, and a
    corrected or ambiguous answer changes nothing but says which address to PUT."""
    found = await addresses.put(session, customer_id, number_id, body, principal=principal, if_match=if_match)
    response.headers["ETag"] = etag(found.version)
    return NumberEmergencyAddressRead.model_validate(found)


@router.delete(
    f"{NUMBER}/emergency-address",
    operation_id="remove_number_emergency_address",
    response_model=NumberEmergencyAddressRead,
)
async def remove_number_emergency_address(
    customer_id: uuid.UUID,
    number_id: uuid.UUID,
    session: Session,
    principal: Orderer,
    addresses: Addresses,
    response: Response,
    if_match: IfMatch = None,
) -> NumberEmergencyAddressRead:
    """Drop the number's own address: its location's serves it again."""
    found = await addresses.remove(session, customer_id, number_id, principal=principal, if_match=if_match)
    response.headers["ETag"] = etag(found.version)
    return NumberEmergencyAddressRead.model_validate(found)
