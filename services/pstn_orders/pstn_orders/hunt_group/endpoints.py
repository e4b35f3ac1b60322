"""Hunt groups HTTP API: a name, a location and the numbers that ring into it."""

from __future__ import annotations

import uuid
from typing import Annotated

from fastapi import APIRouter, Depends, Request, Response

from contracts.problem import Problem
from pstn_orders.callers import Orderer, Reader
from pstn_orders.hunt_group.schemas import HuntGroupCreate, HuntGroupRead, HuntGroupUpdate
from pstn_orders.hunt_group.service import HuntGroupService
from servicekit import (
    PROBLEM_RESPONSES,
    Answer,
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

router = APIRouter(prefix="/v1/customers", tags=["hunt groups"], responses=PROBLEM_RESPONSES)
HuntGroups = Annotated[HuntGroupService, Depends(component(HuntGroupService))]
ONE = "/{customer_id}/hunt-groups/{hunt_group_id}"


@router.post(
    "/{customer_id}/hunt-groups",
    status_code=201,
    operation_id="create_hunt_group",
    responses={
        409: {
            "model": Problem,
            "description": "`customer-not-active` (suspended or cancelled), `number-already-assigned`, `number-not-"
            "active`, `user-has-number`",
        }
    },
    response_model=HuntGroupRead,
)
async def create_hunt_group(
    customer_id: uuid.UUID,
    body: HuntGroupCreate,
    request: Request,
    session: Session,
    principal: Orderer,
    hunt_groups: HuntGroups,
    idempotency_key: IdempotencyKey = None,
) -> Response:
    """Create a hunt group at a location of the customer, with the active numbers that ring into it."""

    async def act() -> Answer:
        group = await hunt_groups.create(session, customer_id, body, principal=principal)
        return 201, HuntGroupRead.model_validate(group).model_dump(mode="json"), {"ETag": etag(group.version)}

    return await idempotent(session, request, principal=principal.client_id, key=idempotency_key, body=body, act=act)


@router.get("/{customer_id}/hunt-groups", operation_id="list_hunt_groups", response_model=Page[HuntGroupRead])
async def list_hunt_groups(
    customer_id: uuid.UUID, session: Session, principal: Reader, hunt_groups: HuntGroups, page: Paging
) -> Page[HuntGroupRead]:
    """The customer's hunt groups with their numbers, oldest first."""
    return page_of(await hunt_groups.list(session, customer_id, page, principal=principal), page, HuntGroupRead)


@router.get(ONE, operation_id="get_hunt_group", response_model=HuntGroupRead)
async def get_hunt_group(
    customer_id: uuid.UUID,
    hunt_group_id: uuid.UUID,
    session: Session,
    principal: Reader,
    hunt_groups: HuntGroups,
    response: Response,
) -> HuntGroupRead:
    """One hunt group with its numbers."""
    group = await hunt_groups.get(session, customer_id, hunt_group_id, principal=principal)
    response.headers["ETag"] = etag(group.version)
    return HuntGroupRead.model_validate(group)


@router.patch(
    ONE,
    operation_id="update_hunt_group",
    responses={
        409: {
            "model": Problem,
            "description": "`customer-not-active` (new numbers for a suspended or cancelled customer), `number-"
            "already-assigned`, `number-not-active`",
        }
    },
    response_model=HuntGroupRead,
)
async def update_hunt_group(
    customer_id: uuid.UUID,
    hunt_group_id: uuid.UUID,
    body: HuntGroupUpdate,
    session: Session,
    principal: Orderer,
    hunt_groups: HuntGroups,
    response: Response,
    if_match: IfMatch = None,
) -> HuntGroupRead:
    """Rename or move the hunt group, or give it a new set of numbers (those left out are unassigned)."""
    group = await hunt_groups.update(session, customer_id, hunt_group_id, body, principal=principal, if_match=if_match)
    response.headers["ETag"] = etag(group.version)
    return HuntGroupRead.model_validate(group)


@router.delete(ONE, status_code=204, operation_id="delete_hunt_group")
async def delete_hunt_group(
    customer_id: uuid.UUID,
    hunt_group_id: uuid.UUID,
    session: Session,
    principal: Orderer,
    hunt_groups: HuntGroups,
    if_match: IfMatch = None,
) -> Response:
    """Delete the hunt group; its numbers stay the customer's, unassigned."""
    await hunt_groups.delete(session, customer_id, hunt_group_id, principal=principal, if_match=if_match)
    return Response(status_code=204)
