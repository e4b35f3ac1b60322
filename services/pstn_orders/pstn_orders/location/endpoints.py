"""Locations as pstn_orders knows them: what its connections, emergency addresses and numbers are kept for."""

from __future__ import annotations

import uuid

from fastapi import APIRouter

from contracts.problem import Problem
from pstn_orders.location.errors import LocationNotFound
from pstn_orders.location.repository import LocationRepository, partner_enrolled
from pstn_orders.location.schemas import KnownLocation
from servicekit import PROBLEM_RESPONSES, Caller, Session

router = APIRouter(prefix="/v1/customers", tags=["locations"], responses=PROBLEM_RESPONSES)


@router.get(
    "/{customer_id}/locations/{location_id}",
    operation_id="get_known_location",
    response_model=KnownLocation,
    responses={404: {"model": Problem, "description": "`location-not-found`: deleted, not yours, or not heard of"}},
)
async def get_known_location(
    customer_id: uuid.UUID, location_id: uuid.UUID, session: Session, principal: Caller
) -> KnownLocation:
    """A live location of a customer of your subtree, as this service last heard of it."""
    location = await LocationRepository.for_caller(session, principal).get(location_id)
    if location is None or location.customer_id != customer_id:
        raise LocationNotFound(location_id)
    enrolled = await partner_enrolled(session, location.tenant_path)
    return KnownLocation.model_validate(location).model_copy(update={"partner_enrolled": enrolled})
