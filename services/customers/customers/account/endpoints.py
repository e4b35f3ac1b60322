"""Administrator accounts over HTTP: the hub's list and invitations, the get-started link's activation, sign-in
and the profile."""

from __future__ import annotations

import uuid
from typing import Annotated

from fastapi import APIRouter, Depends, Response

from contracts.problem import Problem
from customers.account.schemas import (
    AccountRead,
    ActivationCreate,
    AdministratorCreate,
    AdministratorUpdate,
    Profile,
    SessionCreate,
    SessionRead,
)
from customers.account.service import AccountService
from customers.callers import Admin
from servicekit import PROBLEM_RESPONSES, Caller, IfMatch, Page, Paging, Session, component, etag, page_of

router = APIRouter(tags=["accounts"], responses=PROBLEM_RESPONSES)

Accounts = Annotated[AccountService, Depends(component(AccountService))]
ADMINISTRATORS = "/v1/customers/{customer_id}/administrators"


@router.post(
    ADMINISTRATORS,
    status_code=201,
    operation_id="invite_administrator",
    response_model=AccountRead,
    responses={200: {"model": AccountRead, "description": "Invited before and not yet active: a new link is sent"}},
)
async def invite_administrator(
    customer_id: uuid.UUID,
    body: AdministratorCreate,
    response: Response,
    session: Session,
    principal: Admin,
    accounts: Accounts,
) -> AccountRead:
    """Invite an administrator of the customer: the welcome email with a single-use get-started link (R-CC-02)."""
    account, created = await accounts.invite_administrator(session, customer_id, body, principal=principal)
    response.status_code = 201 if created else 200
    response.headers["ETag"] = etag(account.version)
    return AccountRead.model_validate(account)


@router.get(ADMINISTRATORS, operation_id="list_administrators", response_model=Page[AccountRead])
async def list_administrators(
    customer_id: uuid.UUID, session: Session, principal: Admin, accounts: Accounts, page: Paging
) -> Page[AccountRead]:
    """The customer's administrator accounts, invited and active, oldest first."""
    return page_of(await accounts.list(session, customer_id, page, principal=principal), page, AccountRead)


@router.get(ADMINISTRATORS + "/{account_id}", operation_id="get_administrator", response_model=AccountRead)
async def get_administrator(
    customer_id: uuid.UUID,
    account_id: uuid.UUID,
    response: Response,
    session: Session,
    principal: Admin,
    accounts: Accounts,
) -> AccountRead:
    """One administrator account of the customer."""
    account = await accounts.get(session, customer_id, account_id, principal=principal)
    response.headers["ETag"] = etag(account.version)
    return AccountRead.model_validate(account)


@router.patch(ADMINISTRATORS + "/{account_id}", operation_id="update_administrator", response_model=AccountRead)
async def update_administrator(
    customer_id: uuid.UUID,
    account_id: uuid.UUID,
    body: AdministratorUpdate,
    response: Response,
    session: Session,
    principal: Admin,
    accounts: Accounts,
    if_match: IfMatch = None,
) -> AccountRead:
    """Change an administrator's role; connect follows (R-CC-13)."""
    account = await accounts.change_role(
        session, customer_id, account_id, body.role, principal=principal, if_match=if_match
    )
    response.headers["ETag"] = etag(account.version)
    return AccountRead.model_validate(account)


@router.post("/v1/account-activations", operation_id="activate_account", response_model=AccountRead)
async def activate_account(body: ActivationCreate, session: Session, accounts: Accounts) -> AccountRead:
    """Use the get-started link's token: set a password and accept the terms of service (R-CC-02); no token needed."""
    return AccountRead.model_validate(await accounts.activate(session, body))


@router.post("/v1/sessions", status_code=201, operation_id="create_session", response_model=SessionRead)
async def create_session(body: SessionCreate, session: Session, accounts: Accounts) -> SessionRead:
    """Sign an active administrator in: a bearer token every service accepts, and the profile (R-CC-03)."""
    return await accounts.sign_in(session, body)


@router.get(
    "/v1/me",
    operation_id="get_profile",
    response_model=Profile,
    responses={403: {"model": Problem, "description": "`forbidden`: the token is an API client's, not an account's"}},
)
async def get_profile(session: Session, principal: Caller, accounts: Accounts) -> Profile:
    """The signed-in administrator's profile; `setup_required` until the contact center is set up (R-CC-03)."""
    return await accounts.me(session, principal=principal)
