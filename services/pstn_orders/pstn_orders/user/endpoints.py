"""The customer's users as PSTN knows them (from the customers service's events), with their numbers."""

from __future__ import annotations

import uuid
from typing import Annotated

from fastapi import APIRouter, Depends

from pstn_orders.callers import Reader
from pstn_orders.user.schemas import CallingUserRead
from pstn_orders.user.service import CallingUserService
from servicekit import PROBLEM_RESPONSES, Session, component

router = APIRouter(prefix="/v1/customers", tags=["numbers"], responses=PROBLEM_RESPONSES)
Users = Annotated[CallingUserService, Depends(component(CallingUserService))]


@router.get("/{customer_id}/users/{user_id}", operation_id="get_calling_user", response_model=CallingUserRead)
async def get_calling_user(
    customer_id: uuid.UUID, user_id: uuid.UUID, session: Session, principal: Reader, users: Users
) -> CallingUserRead:
    """A user of the customer as PSTN knows it, with the numbers assigned to it; 404 until its event arrived."""
    return CallingUserRead.model_validate(await users.get(session, customer_id, user_id, principal=principal))
