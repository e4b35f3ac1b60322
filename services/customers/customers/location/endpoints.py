"""Location HTTP API: a customer's sites."""

from __future__ import annotations

import uuid
from typing import Annotated

from fastapi import APIRouter, Depends, Query, Request, Response

from contracts.problem import Problem
from customers.callers import Admin
from customers.location.schemas import LocationCreate, LocationRead, LocationUpdate
from customers.location.service import LocationService
from servicekit import (
    PROBLEM_RESPONSES,
    Answer,
    Caller,
    Country,
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

router = APIRouter(prefix="/v1/customers/{customer_id}/locations", tags=["locations"], responses=PROBLEM_RESPONSES)

Locations = Annotated[LocationService, Depends(component(LocationService))]

NOT_FOUND = {"model": Problem, "description": "`customer-not-found` or `location-not-found`: not in your subtree"}
REFUSED = {
    "model": Problem,
    "description": "`customer-takes-no-locations` (the customer is suspended, cancelled or stopped; `state` says "
    "which), or `location-name-taken`",
}
STALE = {"model": Problem, "description": "`version-mismatch`: If-Match is not the location's current ETag"}
INVALID = {
    "model": Problem,
    "description": "`validation-failed` naming the field: an unknown country or time zone, a US or CA address "
    "without a valid state code",
}


@router.post(
    "",
    status_code=201,
    operation_id="create_location",
    response_model=LocationRead,
    responses={404: NOT_FOUND, 409: REFUSED, 422: INVALID},
)
async def create_location(
    customer_id: uuid.UUID,
    body: LocationCreate,
    request: Request,
    session: Session,
    principal: Admin,
    locations: Locations,
    idempotency_key: IdempotencyKey = None,
) -> Response:
    """Add a site of the customer, with its civic address and IANA time zone."""

    async def act() -> Answer:
        location = await locations.create(session, customer_id, body, principal=principal)
        url = str(request.url_for("get_location", customer_id=customer_id, location_id=location.id))
        headers = {"Location": url, "ETag": etag(location.version)}
        return 201, LocationRead.model_validate(location).model_dump(mode="json"), headers

    return await idempotent(session, request, principal=principal.client_id, key=idempotency_key, body=body, act=act)


@router.get("", operation_id="list_locations", response_model=Page[LocationRead], responses={404: NOT_FOUND})
async def list_locations(
    customer_id: uuid.UUID,
    session: Session,
    principal: Caller,
    locations: Locations,
    page: Paging,
    country: Annotated[Country | None, Query(description="Only locations in this country")] = None,
) -> Page[LocationRead]:
    """The customer's locations, oldest first; deleted ones are gone."""
    rows = await locations.list(session, customer_id, page, principal=principal, country=country)
    return page_of(rows, page, LocationRead)


@router.get("/{location_id}", operation_id="get_location", response_model=LocationRead, responses={404: NOT_FOUND})
async def get_location(
    customer_id: uuid.UUID,
    location_id: uuid.UUID,
    session: Session,
    principal: Caller,
    locations: Locations,
    response: Response,
) -> LocationRead:
    """Read one location of a customer of your subtree, with its ETag."""
    location = await locations.get(session, customer_id, location_id, principal=principal)
    response.headers["ETag"] = etag(location.version)
    return LocationRead.model_validate(location)


@router.put(
    "/{location_id}",
    operation_id="update_location",
    response_model=LocationRead,
    responses={404: NOT_FOUND, 409: REFUSED, 412: STALE, 422: INVALID},
)
async def update_location(
    customer_id: uuid.UUID,
    location_id: uuid.UUID,
    body: LocationUpdate,
    session: Session,
    principal: Admin,
    locations: Locations,
    response: Response,
    if_match: IfMatch = None,
) -> LocationRead:
    """Replace the location's name, address and time zone; send its ETag as If-Match."""
    location = await locations.update(session, customer_id, location_id, body, principal=principal, if_match=if_match)
    response.headers["ETag"] = etag(location.version)
    return LocationRead.model_validate(location)


@router.delete(
    "/{location_id}",
    status_code=204,
    operation_id="delete_location",
    responses={404: NOT_FOUND, 409: REFUSED, 412: STALE},
)
async def delete_location(
    customer_id: uuid.UUID,
    location_id: uuid.UUID,
    session: Session,
    principal: Admin,
    locations: Locations,
    if_match: IfMatch = None,
) -> Response:
    """Delete the location: it leaves every list, and no new PSTN work is done for it."""
    await locations.delete(session, customer_id, location_id, principal=principal, if_match=if_match)
    return Response(status_code=204)
