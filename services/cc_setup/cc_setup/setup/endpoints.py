"""The setup wizard HTTP API (R-CC-04): each step read and saved until submit."""

from __future__ import annotations

import uuid
from typing import Annotated, Any

from fastapi import APIRouter, Depends, Response

from cc_setup.callers import Reader, SetUpper
from cc_setup.setup.order_summary import OrderSummary
from cc_setup.setup.schemas import (
    CallingStep,
    CallingUpdate,
    CountryConfirmation,
    ReviewStep,
    SettingsStep,
    SettingsUpdate,
    SetupRead,
    SetupStatus,
    SummaryStep,
    WhatWillBeSetUpStep,
)
from cc_setup.setup.service import SetupService
from contracts.problem import Problem
from servicekit import PROBLEM_RESPONSES, IfMatch, Session, component, etag

router = APIRouter(prefix="/v1/customers", tags=["contact-center setup"], responses=PROBLEM_RESPONSES)
Setups = Annotated[SetupService, Depends(component(SetupService))]
Summaries = Annotated[OrderSummary, Depends(component(OrderSummary))]
SETUP = "/{customer_id}/contact-center/setup"
NOT_FOUND: dict[int | str, dict[str, Any]] = {
    404: {"model": Problem, "description": "`contact-center-setup-not-found`: no trial or order yet"}
}
SAVE_REFUSED: dict[int | str, dict[str, Any]] = {
    **NOT_FOUND,
    409: {
        "model": Problem,
        "description": "`setup-already-submitted` (R-CC-04), `country-of-operation-confirmed` (R-CC-06) or "
        "`customer-not-active`",
    },
    422: {
        "model": Problem,
        "description": "An invalid choice, naming `step`, `field` and `rule`: `no-compatible-location` with the "
        "solution-assurance desk (R-CC-05), a time zone (R-CC-07), platform (R-CC-08), telephony option "
        "(R-CC-09) or the PSTN add-on's rules (R-CC-10)",
    },
}


async def _etag(setups: SetupService, session: Session, customer_id: uuid.UUID, reader: Reader) -> str:
    setup, _ = await setups.get(session, customer_id, principal=reader)
    return etag(setup.version)


@router.get(SETUP, operation_id="get_contact_center_setup", response_model=SetupRead, responses=NOT_FOUND)
async def get_contact_center_setup(
    customer_id: uuid.UUID, session: Session, principal: Reader, setups: Setups, response: Response
) -> SetupRead:
    """The whole setup: each step, what is complete, the next step, and whether setup is still required."""
    read = await setups.read(session, customer_id, principal=principal)
    response.headers["ETag"] = etag(read.version)
    return read


@router.get(
    "/{customer_id}/contact-center/setup-status",
    operation_id="get_contact_center_setup_status",
    response_model=SetupStatus,
    responses=NOT_FOUND,
)
async def get_contact_center_setup_status(
    customer_id: uuid.UUID, session: Session, principal: Reader, setups: Setups
) -> SetupStatus:
    """Whether to offer the setup wizard at sign-in: true until setup completes (R-CC-03)."""
    return await setups.status(session, customer_id, principal=principal)


@router.get(f"{SETUP}/summary", operation_id="get_setup_summary", response_model=SummaryStep, responses=NOT_FOUND)
async def get_setup_summary(customer_id: uuid.UUID, session: Session, principal: Reader, setups: Setups) -> SummaryStep:
    """The summary step: the order's licensing information (R-CC-04)."""
    _, order = await setups.get(session, customer_id, principal=principal)
    return setups.summary(order)


@router.get(f"{SETUP}/calling", operation_id="get_setup_calling", response_model=CallingStep, responses=NOT_FOUND)
async def get_setup_calling(
    customer_id: uuid.UUID, session: Session, principal: Reader, setups: Setups, response: Response
) -> CallingStep:
    """The calling step: the organisation SIP address, saved or suggested (R-CC-04)."""
    response.headers["ETag"] = await _etag(setups, session, customer_id, principal)
    return await setups.calling(session, customer_id, principal=principal)


@router.put(f"{SETUP}/calling", operation_id="update_setup_calling", response_model=CallingStep, responses=SAVE_REFUSED)
async def update_setup_calling(
    customer_id: uuid.UUID,
    body: CallingUpdate,
    session: Session,
    principal: SetUpper,
    setups: Setups,
    response: Response,
    if_match: IfMatch = None,
) -> CallingStep:
    """Save the organisation SIP address (R-CC-04); allowed again until submit."""
    setup = await setups.save_calling(session, customer_id, body, principal=principal, if_match=if_match)
    response.headers["ETag"] = etag(setup.version)
    return await setups.calling(session, customer_id, principal=principal)


@router.get(f"{SETUP}/settings", operation_id="get_setup_settings", response_model=SettingsStep, responses=NOT_FOUND)
async def get_setup_settings(
    customer_id: uuid.UUID, session: Session, principal: Reader, setups: Setups, response: Response
) -> SettingsStep:
    """The contact-center settings step with the choices its country and platform offer."""
    response.headers["ETag"] = await _etag(setups, session, customer_id, principal)
    return await setups.settings(session, customer_id, principal=principal)


@router.put(
    f"{SETUP}/settings",
    operation_id="update_setup_settings",
    response_model=SettingsStep,
    responses=SAVE_REFUSED,
)
async def update_setup_settings(
    customer_id: uuid.UUID,
    body: SettingsUpdate,
    session: Session,
    principal: SetUpper,
    setups: Setups,
    response: Response,
    if_match: IfMatch = None,
) -> SettingsStep:
    """Save country of operation, time zone, platform and telephony; fields left out keep their value."""
    setup = await setups.save_settings(session, customer_id, body, principal=principal, if_match=if_match)
    response.headers["ETag"] = etag(setup.version)
    return await setups.settings(session, customer_id, principal=principal)


@router.post(
    f"{SETUP}/country-confirmation",
    operation_id="confirm_country_of_operation",
    response_model=SettingsStep,
    responses=SAVE_REFUSED,
)
async def confirm_country_of_operation(
    customer_id: uuid.UUID,
    body: CountryConfirmation,
    session: Session,
    principal: SetUpper,
    setups: Setups,
    response: Response,
    if_match: IfMatch = None,
) -> SettingsStep:
    """Confirm the country of operation: it fixes the data center and can never change (R-CC-05, R-CC-06)."""
    setup = await setups.confirm_country(session, customer_id, body, principal=principal, if_match=if_match)
    response.headers["ETag"] = etag(setup.version)
    return await setups.settings(session, customer_id, principal=principal)


@router.get(
    f"{SETUP}/what-will-be-set-up",
    operation_id="get_setup_what_will_be_set_up",
    response_model=WhatWillBeSetUpStep,
    responses=NOT_FOUND,
)
async def get_setup_what_will_be_set_up(
    customer_id: uuid.UUID, session: Session, principal: Reader, setups: Setups
) -> WhatWillBeSetUpStep:
    """What submitting will set up: tenant, platform, telephony, digital channels, administrator, licences."""
    return await setups.what_will_be_set_up(session, customer_id, principal=principal)


@router.get(f"{SETUP}/review", operation_id="get_setup_review", response_model=ReviewStep, responses=NOT_FOUND)
async def get_setup_review(customer_id: uuid.UUID, session: Session, principal: Reader, setups: Setups) -> ReviewStep:
    """The review step: the subscription details and what is still missing before submit (R-CC-11)."""
    return await setups.review(session, customer_id, principal=principal)


@router.get(
    f"{SETUP}/order-summary",
    operation_id="get_setup_order_summary",
    response_class=Response,
    responses={
        200: {
            "content": {"application/pdf": {"schema": {"type": "string", "format": "binary"}}},
            "description": "The order summary as a PDF",
        },
        **NOT_FOUND,
        409: {"model": Problem, "description": "`setup-not-submitted`"},
    },
)
async def get_setup_order_summary(
    customer_id: uuid.UUID, session: Session, principal: Reader, summaries: Summaries
) -> Response:
    """Download the order summary (PDF): customer, country of operation, data center and licences (R-CC-11)."""
    data = await summaries.render(session, customer_id, principal=principal)
    disposition = f'attachment; filename="contact-center-order-summary-{customer_id}.pdf"'
    return Response(data, media_type="application/pdf", headers={"Content-Disposition": disposition})
