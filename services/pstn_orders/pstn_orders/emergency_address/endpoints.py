"""A location's emergency service address: given, validated by the carrier, corrected or chosen."""

from __future__ import annotations

import uuid
from typing import Annotated

from fastapi import APIRouter, Body, Depends, Response

from contracts.problem import Problem
from pstn_orders.callers import Orderer, Reader
from pstn_orders.emergency_address.schemas import EmergencyAddressAnswer, EmergencyAddressInput, EmergencyAddressRead
from pstn_orders.emergency_address.service import EmergencyAddressService
from servicekit import PROBLEM_RESPONSES, IfMatch, Session, component, etag

router = APIRouter(prefix="/v1/customers", tags=["pstn setup"], responses=PROBLEM_RESPONSES)
Addresses = Annotated[EmergencyAddressService, Depends(component(EmergencyAddressService))]
PATH = "/{customer_id}/locations/{location_id}/emergency-address"


@router.get(PATH, operation_id="get_emergency_address", response_model=EmergencyAddressRead)
async def get_emergency_address(
    customer_id: uuid.UUID,
    location_id: uuid.UUID,
    session: Session,
    principal: Reader,
    addresses: Addresses,
    response: Response,
) -> EmergencyAddressRead:
    """The location's emergency address and where its validation stands."""
    address = await addresses.for_location(session, customer_id, location_id, principal=principal)
    response.headers["ETag"] = etag(address.version)
    return EmergencyAddressRead.model_validate(address)


@router.put(
    PATH,
    operation_id="put_emergency_address",
    response_model=EmergencyAddressRead,
    responses={
        409: {"model": Problem, "description": "The customer is suspended or cancelled: no new PSTN work"},
        503: {"model": Problem, "description": "The carrier did not answer; nothing changed, retry later"},
    },
)
async def put_emergency_address(
    customer_id: uuid.UUID,
    location_id: uuid.UUID,
    body: EmergencyAddressInput,
    session: Session,
    principal: Orderer,
    addresses: Addresses,
    response: Response,
    if_match: IfMatch = None,
) -> EmergencyAddressRead:
    """Give or edit the address serving every number of the location; the carrier answers valid, corrected
    (accept or decline) or ambiguous (choose), and an invalid one is refused naming each field (R-PSTN-09)."""
    address = await addresses.put_for_location(
        session, customer_id, location_id, body, principal=principal, if_match=if_match
    )
    response.headers["ETag"] = etag(address.version)
    return EmergencyAddressRead.model_validate(address)


@router.post(
    f"{PATH}/acceptance",
    operation_id="answer_emergency_address",
    response_model=EmergencyAddressRead,
    responses={
        409: {"model": Problem, "description": "No correction or candidates to answer, or the customer is not active"}
    },
)
async def answer_emergency_address(
    customer_id: uuid.UUID,
    location_id: uuid.UUID,
    body: Annotated[EmergencyAddressAnswer, Body(examples=[{"accept": True}, {"candidate": 0}])],
    session: Session,
    principal: Orderer,
    addresses: Addresses,
    response: Response,
) -> EmergencyAddressRead:
    """Accept or decline the carrier's correction, or choose one of its candidates."""
    address = await addresses.answer_for_location(session, customer_id, location_id, body, principal=principal)
    response.headers["ETag"] = etag(address.version)
    return EmergencyAddressRead.model_validate(address)
