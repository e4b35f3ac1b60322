"""OAuth2 token endpoint and API-client management."""

from __future__ import annotations

import base64
import binascii
import uuid
from typing import Annotated, Any
from urllib.parse import unquote_plus

from fastapi import APIRouter, Depends, Form, Path, Request, Response
from fastapi.responses import JSONResponse

from customers.access.errors import InvalidRequest, OAuthError
from customers.access.schemas import (
    ApiClientCreate,
    ApiClientCreated,
    ApiClientList,
    ApiClientRead,
    ApiClientRotated,
    JwksRead,
    OAuthErrorRead,
    TokenRead,
)
from customers.access.service import AccessService
from customers.callers import Manager
from servicekit import PROBLEM_RESPONSES, SINGLE_LINE, KeySet, Session, component

router = APIRouter(tags=["access"], responses=PROBLEM_RESPONSES)

Access = Annotated[AccessService, Depends(component(AccessService))]
Keys = Annotated[KeySet, Depends(component(KeySet))]
ClientId = Annotated[str, Path(max_length=100, pattern=SINGLE_LINE)]
FormField = Annotated[str | None, Form()]

NO_STORE = {"Cache-Control": "no-store", "Pragma": "no-cache"}  # RFC 6749 §5.1: tokens and their errors
JWKS_MAX_AGE = 300  # verifiers and proxies may keep the key set this long; an unknown kid makes them refetch
# The token endpoint answers errors as RFC 6749 §5.2 says (OAuth2 libraries read them), not as problem+json.
OAUTH_ERRORS: dict[int | str, dict[str, Any]] = {
    400: {"model": OAuthErrorRead, "description": "invalid_request or unsupported_grant_type", "x-problem": False},
    401: {"model": OAuthErrorRead, "description": "invalid_client (with WWW-Authenticate)", "x-problem": False},
}


def _basic_credentials(request: Request) -> tuple[str, str] | None:
    scheme, _, value = request.headers.get("authorization", "").partition(" ")
    if scheme.lower() != "basic":
        return None
    try:
        client_id, colon, secret = base64.b64decode(value, validate=True).decode().partition(":")
    except (ValueError, binascii.Error) as exc:
        raise InvalidRequest("The Basic credentials are not base64 of client_id:client_secret.") from exc
    if not colon:
        raise InvalidRequest("The Basic credentials are not base64 of client_id:client_secret.")
    return unquote_plus(client_id), unquote_plus(secret)  # RFC 6749 §2.3.1: form-encoded before base64


def _oauth_error(error: OAuthError) -> JSONResponse:
    headers = dict(NO_STORE)
    if error.status == 401:
        headers["WWW-Authenticate"] = 'Basic realm="wholesale-api", error="invalid_client"'
    body = OAuthErrorRead(error=error.error, error_description=error.description)
    return JSONResponse(body.model_dump(), status_code=error.status, headers=headers)


@router.post("/oauth/token", operation_id="create_token", response_model=TokenRead, responses=OAUTH_ERRORS)
async def create_token(
    request: Request,
    session: Session,
    access: Access,
    response: Response,
    grant_type: FormField = None,
    client_id: FormField = None,
    client_secret: FormField = None,
) -> TokenRead | JSONResponse:
    """Exchange client credentials (form fields or HTTP Basic) for a signed access token."""
    try:
        basic = _basic_credentials(request)
        if basic and (client_id or client_secret):
            raise InvalidRequest("Send the client credentials one way: HTTP Basic or form fields, not both.")
        credentials = basic or (client_id, client_secret)
        token = await access.issue_token(session, grant_type, *credentials)
    except OAuthError as error:
        return _oauth_error(error)
    response.headers.update(NO_STORE)
    return token


@router.get("/.well-known/jwks.json", operation_id="get_jwks", response_model=JwksRead)
async def get_jwks(keys: Keys, response: Response) -> JwksRead:
    """The public keys access tokens are signed with (JWK Set); a token's `kid` header names its key."""
    response.headers["Cache-Control"] = f"public, max-age={JWKS_MAX_AGE}"
    return JwksRead.model_validate(keys.document())


@router.get("/v1/customers/{customer_id}/api-clients", operation_id="list_api_clients", response_model=ApiClientList)
async def list_api_clients(
    customer_id: uuid.UUID, session: Session, principal: Manager, access: Access
) -> ApiClientList:
    """List the API clients of a customer of your subtree that are not revoked, oldest first."""
    clients = await access.list_clients(session, customer_id, principal=principal)
    return ApiClientList(items=[ApiClientRead.model_validate(client) for client in clients])


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


@router.post(
    "/v1/customers/{customer_id}/api-clients/{client_id}/rotations",
    status_code=201,
    operation_id="rotate_api_client_secret",
    response_model=ApiClientRotated,
)
async def rotate_api_client_secret(
    customer_id: uuid.UUID, client_id: ClientId, session: Session, principal: Manager, access: Access
) -> ApiClientRotated:
    """Give the client a new secret, shown once; the previous one keeps working for the grace period."""
    client, secret, expires = await access.rotate_secret(session, customer_id, client_id, principal=principal)
    return ApiClientRotated(
        **ApiClientRead.model_validate(client).model_dump(),
        client_secret=secret,
        previous_secret_expires_at=expires,
    )


@router.delete("/v1/customers/{customer_id}/api-clients/{client_id}", status_code=204, operation_id="revoke_api_client")
async def revoke_api_client(
    customer_id: uuid.UUID, client_id: ClientId, session: Session, principal: Manager, access: Access
) -> Response:
    """Revoke the client: it gets no new token, and every service refuses the tokens it holds at once."""
    await access.revoke(session, customer_id, client_id, principal=principal)
    return Response(status_code=204)
