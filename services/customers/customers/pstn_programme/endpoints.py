"""PSTN programme HTTP API: a partner's enrolment, set by the platform root (R-PSTN-02)."""

from __future__ import annotations

import uuid
from typing import Annotated

from fastapi import APIRouter, Depends, Response

from contracts.problem import Problem
from customers.callers import Root
from customers.pstn_programme.schemas import PstnProgrammeRead, PstnProgrammeUpdate
from customers.pstn_programme.service import PstnProgrammeService
from servicekit import PROBLEM_RESPONSES, Caller, IfMatch, Session, component, etag

router = APIRouter(prefix="/v1/customers", tags=["pstn programme"], responses=PROBLEM_RESPONSES)

Programmes = Annotated[PstnProgrammeService, Depends(component(PstnProgrammeService))]

NOT_FOUND = {"model": Problem, "description": "`customer-not-found`: no such partner in your subtree"}


@router.get(
    "/{partner_id}/pstn-programme",
    operation_id="get_pstn_programme",
    response_model=PstnProgrammeRead,
    responses={404: NOT_FOUND},
)
async def get_pstn_programme(
    partner_id: uuid.UUID, session: Session, principal: Caller, programmes: Programmes, response: Response
) -> PstnProgrammeRead:
    """A partner's PSTN programme enrolment and calling addendum; the root's, or a partner its own."""
    programme = await programmes.get(session, partner_id, principal=principal)
    response.headers["ETag"] = etag(programme.version)
    return programme


@router.put(
    "/{partner_id}/pstn-programme",
    operation_id="update_pstn_programme",
    response_model=PstnProgrammeRead,
    responses={
        403: {"model": Problem, "description": "`forbidden`: only the platform root sets a partner's programme"},
        404: NOT_FOUND,
        409: {
            "model": Problem,
            "description": "`not-a-partner` (only customers directly below the root are enrolled), or "
            "`customer-closed`",
        },
        412: {"model": Problem, "description": "`version-mismatch`: If-Match is not the programme's current ETag"},
    },
)
async def update_pstn_programme(
    partner_id: uuid.UUID,
    body: PstnProgrammeUpdate,
    session: Session,
    principal: Root,  # R-PSTN-02: the provider authorises partners, never a partner itself
    programmes: Programmes,
    response: Response,
    if_match: IfMatch = None,
) -> PstnProgrammeRead:
    """Enrol a partner in the PSTN programme, record its calling addendum, or withdraw it (R-PSTN-02)."""
    programme = await programmes.change(session, partner_id, body, principal=principal, if_match=if_match)
    response.headers["ETag"] = etag(programme.version)
    return programme
