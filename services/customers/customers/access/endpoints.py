"""OAuth2 token endpoint and API-client registration."""

from __future__ import annotations

import base64
import uuid
from typing import Annotated

from fastapi import APIRouter, Depends, Form, Request

from contracts.enums import Role
from customers.access.schemas import ApiClientCreate, ApiClientCreated, ApiClientRead, TokenRead
from customers.access.service import AccessService
from servicekit import PROBLEM_RESPONSES, Principal, Session, component, require_roles

router = APIRouter(tags=["access"], responses=PROBLEM_RESPONSES)

Access = Annotated[AccessService, Depends(component(AccessService))]
Manager = Annotated[Principal, Depends(require_roles(Role.PLATFORM_ROOT, Role.PARTNER_ADMIN))]


def _basic_credentials(request: Request) -> tuple[str, str] | None:
    scheme, _, value = request.headers.get("authorization", "").partition(" ")
    if scheme.lower() != "basic":
        return None
    try:
        client_id, _, secret = base64.b64decode(value).decode().partition(":")
    except ValueError:
        return None
    return client_id, secret


@router.post("/oauth/token", operation_id="create_token", response_model=TokenRead)
async def create_token(
    request: Request,
    session: Session,
    access: Access,
    grant_type: Annotated[str, Form()],
    client_id: Annotated[str | None, Form()] = None,
    client_secret: Annotated[str | None, Form()] = None,
) -> TokenRead:
    """Exchange client credentials (form fields or HTTP Basic) for a signed access token."""
    credentials = _basic_credentials(request) or (client_id or "", client_secret or "")
    return await access.issue_token(session, grant_type, *credentials)


@router.post(
    "/v1/customers/{customer_id}/api-clients",
    status_code=201,
    operation_id="create_api_client",
    response_model=ApiClientCreated,
)
async def create_api_client(
    customer_id: uuid.UUID, body: ApiClientCreate, session: Session, principal: Manager, access: Access
) -> ApiClientCreated:
    """Create an API client for a customer of your subtree (e.g. a new partner's first credential)."""
    client, secret = await access.create_client(session, customer_id, body.name, body.roles, principal=principal)
    return ApiClientCreated(**ApiClientRead.model_validate(client).model_dump(), client_secret=secret)
