"""Users HTTP API, and the package catalogue they draw from."""

from __future__ import annotations

import uuid
from typing import Annotated

from fastapi import APIRouter, Depends, Header, Query, Request, Response

from contracts.enums import Role
from customers.customer.schemas import PrecheckResult
from customers.user import service
from customers.user.schemas import CatalogueItemRead, PackageChange, UserCreate, UserRead
from servicekit import (
    DEFAULT_LIMIT,
    MAX_LIMIT,
    PROBLEM_RESPONSES,
    Answer,
    IdempotencyKey,
    Page,
    Principal,
    ProblemError,
    Session,
    current_principal,
    idempotent,
    page_of,
    require_roles,
)
from servicekit import etag as version_etag

router = APIRouter(tags=["users"], responses=PROBLEM_RESPONSES)

Reader = Annotated[Principal, Depends(current_principal)]
Admin = Annotated[Principal, Depends(require_roles(Role.PLATFORM_ROOT, Role.PARTNER_ADMIN, Role.CUSTOMER_FULL_ADMIN))]


@router.get("/v1/catalogue", operation_id="list_catalogue", response_model=list[CatalogueItemRead])
async def list_catalogue(session: Session, principal: Reader) -> list[CatalogueItemRead]:
    """Packages (with the services each grants) and add-ons (some not yet orderable)."""
    items = await service.catalogue(session)
    return [CatalogueItemRead.of(i) for i in sorted(items.values(), key=lambda i: (i.kind, i.level, i.code))]


@router.post("/v1/customers/{customer_id}/users", status_code=201, operation_id="create_user", response_model=UserRead)
async def create_user(
    customer_id: uuid.UUID,
    body: UserCreate,
    request: Request,
    session: Session,
    principal: Admin,
    idempotency_key: IdempotencyKey = None,
) -> Response:
    """Register a user holding one package (R-CUST-01, R-CUST-04); refused past the package's cap (R-CUST-03)."""

    async def act() -> Answer:
        user = await service.create_user(session, customer_id, body, principal=principal)
        return 201, UserRead.of(user).model_dump(mode="json"), {}

    return await idempotent(session, request, principal=principal.client_id, key=idempotency_key, body=body, act=act)


@router.post("/v1/customers/{customer_id}/users/precheck", operation_id="precheck_user", response_model=PrecheckResult)
async def precheck_user(
    customer_id: uuid.UUID, body: UserCreate, request: Request, session: Session, principal: Admin
) -> PrecheckResult:
    """Dry run of a user create (package, cap, numbers, suspension): answers what would fail, stores nothing."""
    try:
        async with session.begin_nested() as savepoint:
            await service.create_user(session, customer_id, body, principal=principal)
            await savepoint.rollback()
    except ProblemError as problem:
        return PrecheckResult(ok=False, problems=[problem.to_problem(request.url.path)])
    return PrecheckResult(ok=True, problems=[])


@router.get("/v1/customers/{customer_id}/users", operation_id="list_users", response_model=Page[UserRead])
async def list_users(
    customer_id: uuid.UUID,
    session: Session,
    principal: Admin,
    cursor: Annotated[str | None, Query(max_length=500)] = None,
    limit: Annotated[int, Query(ge=1, le=MAX_LIMIT)] = DEFAULT_LIMIT,
) -> Page[UserRead]:
    rows = await service.list_users(session, customer_id, principal=principal, cursor=cursor, limit=limit)
    return page_of(list(rows), limit, to_item=UserRead.of)


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
    if_match: Annotated[str | None, Header(alias="If-Match", description='The user\'s `"version"`')] = None,
) -> UserRead:
    """Move a user to another package; a full administrator is never moved down (R-CUST-06)."""
    user = await service.change_package(
        session, customer_id, user_id, body.package, principal=principal, if_match=if_match
    )
    await session.flush()
    response.headers["ETag"] = version_etag(user.version)
    return UserRead.of(user)
