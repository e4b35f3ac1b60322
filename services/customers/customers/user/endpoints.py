"""Users HTTP API, and the package catalogue they draw from."""

from __future__ import annotations

import uuid
from typing import Annotated

from fastapi import APIRouter, Depends, Request, Response

from customers.callers import Admin
from customers.customer.schemas import PrecheckResult
from customers.user.schemas import CatalogueItemRead, PackageChange, UserCreate, UserRead
from customers.user.service import UserService
from servicekit import (
    PROBLEM_RESPONSES,
    Answer,
    Caller,
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

router = APIRouter(tags=["users"], responses=PROBLEM_RESPONSES)

Users = Annotated[UserService, Depends(component(UserService))]


@router.get("/v1/catalogue", operation_id="list_catalogue", response_model=list[CatalogueItemRead])
async def list_catalogue(session: Session, principal: Caller, users: Users) -> list[CatalogueItemRead]:
    """Packages (with the services each grants) and add-ons (some not yet orderable)."""
    return [CatalogueItemRead.model_validate(i) for i in await users.listed_catalogue(session)]


@router.post("/v1/customers/{customer_id}/users", status_code=201, operation_id="create_user", response_model=UserRead)
async def create_user(
    customer_id: uuid.UUID,
    body: UserCreate,
    request: Request,
    session: Session,
    principal: Admin,
    users: Users,
    idempotency_key: IdempotencyKey = None,
) -> Response:
    """Register a user holding one package (R-CUST-01, R-CUST-04); refused past the package's cap (R-CUST-03)."""

    async def act() -> Answer:
        user = await users.create(session, customer_id, body, principal=principal)
        return 201, UserRead.model_validate(user).model_dump(mode="json"), {}

    return await idempotent(session, request, principal=principal.client_id, key=idempotency_key, body=body, act=act)


@router.post("/v1/customers/{customer_id}/users/precheck", operation_id="precheck_user", response_model=PrecheckResult)
async def precheck_user(
    customer_id: uuid.UUID, body: UserCreate, request: Request, session: Session, principal: Admin, users: Users
) -> PrecheckResult:
    """Dry run of a user create (package, cap, numbers, suspension): answers what would fail, stores nothing."""
    problems = await users.precheck(session, customer_id, body, principal=principal)
    return PrecheckResult(ok=not problems, problems=[p.to_problem(request.url.path) for p in problems])


@router.get("/v1/customers/{customer_id}/users", operation_id="list_users", response_model=Page[UserRead])
async def list_users(
    customer_id: uuid.UUID, session: Session, principal: Admin, users: Users, page: Paging
) -> Page[UserRead]:
    """The customer's users, oldest first."""
    return page_of(await users.list(session, customer_id, page, principal=principal), page, UserRead)


@router.put(
    "/v1/customers/{customer_id}/users/{user_id}/package", operation_id="change_user_package", response_model=UserRead
)
async def change_user_package(
    customer_id: uuid.UUID,
    user_id: uuid.UUID,
    body: PackageChange,
    response: Response,
    session: Session,
    principal: Admin,
    users: Users,
    if_match: IfMatch = None,
) -> UserRead:
    """Move a user to another package; a full administrator is never moved down (R-CUST-06)."""
    user = await users.change_package(
        session, customer_id, user_id, body.package, principal=principal, if_match=if_match
    )
    response.headers["ETag"] = etag(user.version)
    return UserRead.model_validate(user)
