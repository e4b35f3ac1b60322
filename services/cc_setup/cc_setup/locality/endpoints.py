"""The data-locality map HTTP API (R-CC-05)."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends, Query, Response

from cc_setup.callers import Root
from cc_setup.catalogue import Region
from cc_setup.locality.schemas import DataLocalityList, DataLocalityPut, DataLocalityRead
from cc_setup.locality.service import DataLocalityService
from contracts.problem import Problem
from servicekit import PROBLEM_RESPONSES, Caller, Country, IfMatch, Session, component, etag

router = APIRouter(prefix="/v1/contact-center/data-locality", tags=["data locality"], responses=PROBLEM_RESPONSES)
Localities = Annotated[DataLocalityService, Depends(component(DataLocalityService))]


@router.get("", operation_id="list_data_localities", response_model=DataLocalityList)
async def list_data_localities(
    session: Session,
    principal: Caller,
    localities: Localities,
    region: Annotated[Region | None, Query(description="Only this region's countries")] = None,
    data_center: Annotated[str | None, Query(max_length=40, description="Only this data center's countries")] = None,
) -> DataLocalityList:
    """Every country with a compatible contact-center location and its data center, by country code."""
    rows = await localities.list(session, region=region, data_center=data_center)
    return DataLocalityList(items=[DataLocalityRead.model_validate(r) for r in rows])


@router.get(
    "/{country}",
    operation_id="get_data_locality",
    response_model=DataLocalityRead,
    responses={404: {"model": Problem, "description": "`data-locality-not-found`: no compatible location"}},
)
async def get_data_locality(
    country: Country, session: Session, principal: Caller, localities: Localities, response: Response
) -> DataLocalityRead:
    """The data center, region, default time zone and platforms of one country of operation (R-CC-05)."""
    row = await localities.get(session, country)
    response.headers["ETag"] = etag(row.version)
    return DataLocalityRead.model_validate(row)


@router.put(
    "/{country}",
    operation_id="put_data_locality",
    response_model=DataLocalityRead,
    responses={201: {"model": DataLocalityRead, "description": "The country was added to the map"}},
)
async def put_data_locality(
    country: Country,
    body: DataLocalityPut,
    session: Session,
    principal: Root,
    localities: Localities,
    response: Response,
    if_match: IfMatch = None,
) -> DataLocalityRead:
    """Add or change a country's row of the map (platform root only); confirmed setups keep their data center."""
    row, created = await localities.put(session, country, body, principal=principal, if_match=if_match)
    response.status_code = 201 if created else 200
    response.headers["ETag"] = etag(row.version)
    return DataLocalityRead.model_validate(row)


@router.delete(
    "/{country}",
    status_code=204,
    operation_id="delete_data_locality",
    responses={404: {"model": Problem, "description": "`data-locality-not-found`"}},
)
async def delete_data_locality(
    country: Country, session: Session, principal: Root, localities: Localities, if_match: IfMatch = None
) -> Response:
    """Remove a country from the map (platform root only): new setups there are sent to solution assurance."""
    await localities.remove(session, country, if_match=if_match)
    return Response(status_code=204)
