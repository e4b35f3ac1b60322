"""Administrators in connect (R-CC-13, R-CC-14), and connect's signed webhooks."""

from __future__ import annotations

import json
import uuid
from typing import Annotated, Any

from fastapi import APIRouter, Depends, Request
from pydantic import ValidationError
from standardwebhooks import Webhook, WebhookVerificationError

from cc_setup.administrator.errors import WebhookPayloadInvalid, WebhookSignatureInvalid
from cc_setup.administrator.schemas import (
    AdministratorRead,
    ConnectEvent,
    ConnectEventReceipt,
    PartnerAdministratorCreate,
)
from cc_setup.administrator.service import AdministratorService
from cc_setup.administrator.sync import RoleSync
from cc_setup.callers import PartnerAdmin, Reader, SetUpper
from contracts.problem import Problem
from servicekit import PROBLEM_RESPONSES, Page, Paging, Session, component, page_of

router = APIRouter(prefix="/v1/customers", tags=["connect administrators"], responses=PROBLEM_RESPONSES)
inbound = APIRouter(prefix="/v1/contact-center", tags=["connect administrators"], responses=PROBLEM_RESPONSES)
Administrators = Annotated[AdministratorService, Depends(component(AdministratorService))]
Sync = Annotated[RoleSync, Depends(component(RoleSync))]
NOT_FOUND: dict[int | str, dict[str, Any]] = {404: {"model": Problem, "description": "No such administrator"}}


class WebhookVerifier:
    """Checks connect's Standard Webhooks signature with the secret both sides hold."""

    def __init__(self, secret: str) -> None:
        self.webhook = Webhook(secret)

    def verify(self, body: bytes, headers: dict[str, str]) -> None:
        try:
            self.webhook.verify(body, headers)
        except (WebhookVerificationError, ValueError) as exc:  # ValueError: a body that is not even UTF-8
            raise WebhookSignatureInvalid(str(exc) or type(exc).__name__) from exc


Verifier = Annotated[WebhookVerifier, Depends(component(WebhookVerifier))]


def _inlined(schema: dict[str, Any]) -> dict[str, Any]:
    """The model's JSON schema with its nested models written in place: the body is read raw (the signature is
    checked on the bytes first), so FastAPI does not list the model among the components."""
    defs = schema.pop("$defs", {})

    def walk(node: Any) -> Any:
        if isinstance(node, dict):
            if "$ref" in node:
                return walk(defs[node["$ref"].rsplit("/", 1)[-1]])
            return {k: walk(v) for k, v in node.items()}
        if isinstance(node, list):
            return [walk(v) for v in node]
        return node

    inlined: dict[str, Any] = walk(schema)
    return inlined


CONNECT_EVENT_BODY = {
    "requestBody": {
        "required": True,
        "content": {"application/json": {"schema": _inlined(ConnectEvent.model_json_schema())}},
    }
}


@router.get(
    "/{customer_id}/contact-center/administrators",
    operation_id="list_connect_administrators",
    response_model=Page[AdministratorRead],
)
async def list_connect_administrators(
    customer_id: uuid.UUID, session: Session, principal: Reader, administrators: Administrators, page: Paging
) -> Page[AdministratorRead]:
    """The customer's administrators in connect, with each one's state, roles and when its invitation lapses."""
    rows = await administrators.list(session, customer_id, page, principal=principal)
    return page_of(rows, page, AdministratorRead)


@router.get(
    "/{customer_id}/contact-center/administrators/{administrator_id}",
    operation_id="get_connect_administrator",
    response_model=AdministratorRead,
    responses=NOT_FOUND,
)
async def get_connect_administrator(
    customer_id: uuid.UUID,
    administrator_id: uuid.UUID,
    session: Session,
    principal: Reader,
    administrators: Administrators,
) -> AdministratorRead:
    """One administrator in connect: state, platform and connect roles, engage, lapses_at."""
    row = await administrators.get(session, customer_id, administrator_id, principal=principal)
    return AdministratorRead.model_validate(row)


@router.post(
    "/{customer_id}/contact-center/administrators/{administrator_id}/invitation",
    status_code=202,
    operation_id="add_connect_administrator_again",
    response_model=AdministratorRead,
    responses={**NOT_FOUND, 409: {"model": Problem, "description": "`connect-administrator-not-lapsed`"}},
)
async def add_connect_administrator_again(
    customer_id: uuid.UUID,
    administrator_id: uuid.UUID,
    session: Session,
    principal: SetUpper,
    administrators: Administrators,
) -> AdministratorRead:
    """Add a lapsed administrator to connect again: a new connect invitation follows (R-CC-14)."""
    row = await administrators.add_again(session, customer_id, administrator_id, principal=principal)
    return AdministratorRead.model_validate(row)


@router.post(
    "/{customer_id}/contact-center/partner-administrators",
    status_code=202,
    operation_id="add_partner_connect_administrator",
    response_model=AdministratorRead,
    responses={409: {"model": Problem, "description": "`connect-administrator-exists`"}},
)
async def add_partner_connect_administrator(
    customer_id: uuid.UUID,
    body: PartnerAdministratorCreate,
    session: Session,
    principal: PartnerAdmin,
    administrators: Administrators,
) -> AdministratorRead:
    """Give a partner administrator the customer's connect, never engage (R-CC-13); the invitation follows."""
    row = await administrators.add_partner_administrator(session, customer_id, body.email, principal=principal)
    return AdministratorRead.model_validate(row)


@inbound.post(
    "/connect-events",
    operation_id="receive_connect_event",
    response_model=ConnectEventReceipt,
    openapi_extra=CONNECT_EVENT_BODY,
    responses={
        400: {"model": Problem, "description": "`connect-webhook-payload-invalid`"},
        401: {"model": Problem, "description": "`connect-webhook-signature-invalid`"},
    },
)
async def receive_connect_event(
    request: Request, session: Session, verifier: Verifier, sync: Sync
) -> ConnectEventReceipt:
    """Connect's signed webhook (Standard Webhooks): a role changed, a user added, a first sign-in; a redelivered
    webhook id changes nothing."""
    body = await request.body()
    headers = {k.lower(): v for k, v in request.headers.items()}
    verifier.verify(body, headers)
    webhook_id = headers["webhook-id"]
    try:
        event = ConnectEvent.model_validate(json.loads(body))
    except json.JSONDecodeError as exc:
        raise WebhookPayloadInvalid("body", f"not JSON ({exc.msg})") from exc
    except UnicodeDecodeError as exc:
        raise WebhookPayloadInvalid("body", "not UTF-8 text") from exc
    except ValidationError as exc:
        first = exc.errors()[0]
        raise WebhookPayloadInvalid(".".join(str(p) for p in first["loc"]) or "body", first["msg"]) from exc
    applied = await sync.on_connect_event(session, webhook_id, event)
    return ConnectEventReceipt(webhook_id=webhook_id, applied=applied)
