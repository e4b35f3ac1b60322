"""The contact center's settings after setup (R-CC-12) and its chat services (R-CC-15)."""

from __future__ import annotations

import uuid
from typing import Annotated, Any

from fastapi import APIRouter, Depends, Response

from cc_setup.callers import CustomerAdmin, Reader
from cc_setup.tenant.schemas import ContactCenterSettingsRead
from cc_setup.tenant.service import ContactCenterService
from contracts.problem import Problem
from servicekit import PROBLEM_RESPONSES, Session, component, etag

router = APIRouter(prefix="/v1/customers", tags=["contact-center settings"], responses=PROBLEM_RESPONSES)
ContactCenters = Annotated[ContactCenterService, Depends(component(ContactCenterService))]
NOT_READY: dict[int | str, dict[str, Any]] = {
    404: {"model": Problem, "description": "`contact-center-setup-not-found`"},
    409: {"model": Problem, "description": "`contact-center-setup-not-completed` (R-CC-12)"},
}


@router.get(
    "/{customer_id}/contact-center/settings",
    operation_id="get_contact_center_settings",
    response_model=ContactCenterSettingsRead,
    responses=NOT_READY,
)
async def get_contact_center_settings(
    customer_id: uuid.UUID, session: Session, principal: Reader, contact_centers: ContactCenters, response: Response
) -> ContactCenterSettingsRead:
    """The contact center's platform details once set up: tenant, data center, platform, telephony (R-CC-12)."""
    setup = await contact_centers.settings(session, customer_id, principal=principal)
    response.headers["ETag"] = etag(setup.version)
    return ContactCenterSettingsRead.model_validate(setup)


@router.post(
    "/{customer_id}/contact-center/chat-services",
    operation_id="set_up_contact_center_chat_services",
    response_model=ContactCenterSettingsRead,
    responses=NOT_READY,
)
async def set_up_contact_center_chat_services(
    customer_id: uuid.UUID,
    session: Session,
    principal: CustomerAdmin,
    contact_centers: ContactCenters,
    response: Response,
) -> ContactCenterSettingsRead:
    """Set up the contact center's chat services: a customer administrator only, never a partner's (R-CC-15)."""
    setup = await contact_centers.set_up_chat_services(session, customer_id, principal=principal)
    response.headers["ETag"] = etag(setup.version)
    return ContactCenterSettingsRead.model_validate(setup)
