"""A location's PSTN connection, and the customer's PSTN setup as a whole."""

from __future__ import annotations

import uuid
from typing import Annotated

from fastapi import APIRouter, Depends, Response

from contracts.problem import Problem
from pstn_orders.callers import Orderer, Reader
from pstn_orders.connection.overview import SetupOverview
from pstn_orders.connection.schemas import PstnConnectionPut, PstnConnectionRead, PstnSetupRead
from pstn_orders.connection.service import ConnectionService
from servicekit import PROBLEM_RESPONSES, IfMatch, Session, component, etag

router = APIRouter(prefix="/v1/customers", tags=["pstn setup"], responses=PROBLEM_RESPONSES)
Connections = Annotated[ConnectionService, Depends(component(ConnectionService))]
Overview = Annotated[SetupOverview, Depends(component(SetupOverview))]
CONNECTION = "/{customer_id}/locations/{location_id}/pstn-connection"


@router.get(CONNECTION, operation_id="get_pstn_connection", response_model=PstnConnectionRead)
async def get_pstn_connection(
    customer_id: uuid.UUID,
    location_id: uuid.UUID,
    session: Session,
    principal: Reader,
    connections: Connections,
    response: Response,
) -> PstnConnectionRead:
    """The location's PSTN connection."""
    connection = await connections.get(session, customer_id, location_id, principal=principal)
    response.headers["ETag"] = etag(connection.version)
    return PstnConnectionRead.model_validate(connection)


@router.put(
    CONNECTION,
    operation_id="put_pstn_connection",
    response_model=PstnConnectionRead,
    responses={
        409: {
            "model": Problem,
            "description": "A calling-plan rule is not met (partner enrolment, calling-plan order, a validated "
            "emergency address, the location's current connection), or the customer is not active",
        }
    },
)
async def put_pstn_connection(
    customer_id: uuid.UUID,
    location_id: uuid.UUID,
    body: PstnConnectionPut,
    session: Session,
    principal: Orderer,
    connections: Connections,
    response: Response,
    if_match: IfMatch = None,
) -> PstnConnectionRead:
    """Choose the location's PSTN connection (R-PSTN-01); the calling plan needs an enrolled partner, a
    calling-plan order, a calling-plan country, a signer and a validated emergency address (R-PSTN-02, 03, 09)."""
    connection = await connections.put(session, customer_id, location_id, body, principal=principal, if_match=if_match)
    response.headers["ETag"] = etag(connection.version)
    return PstnConnectionRead.model_validate(connection)


@router.get("/{customer_id}/pstn-setup", operation_id="get_pstn_setup", response_model=PstnSetupRead)
async def get_pstn_setup(
    customer_id: uuid.UUID, session: Session, principal: Reader, overview: Overview
) -> PstnSetupRead:
    """Every location's connection and emergency address, what is left to do, and whether setup was skipped."""
    return await overview.read(session, customer_id, principal=principal)


@router.post(
    "/{customer_id}/pstn-setup/skip",
    operation_id="skip_pstn_setup",
    response_model=PstnSetupRead,
    responses={409: {"model": Problem, "description": "The customer is suspended or cancelled"}},
)
async def skip_pstn_setup(
    customer_id: uuid.UUID, session: Session, principal: Orderer, overview: Overview
) -> PstnSetupRead:
    """Skip PSTN setup for now (at trial start); any later setup step resumes it (R-PSTN-32)."""
    return await overview.skip(session, customer_id, principal=principal)
