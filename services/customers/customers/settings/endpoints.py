"""System-wide settings: the root's alone unless it delegates a named permission (R-HIER-04)."""

from __future__ import annotations

import uuid
from collections.abc import Callable, Coroutine
from datetime import datetime
from typing import Annotated, Any, Literal

from fastapi import APIRouter, Depends, Request, Response
from pydantic import BaseModel, ConfigDict, Field
from sqlalchemy import delete, select

from contracts.enums import Role
from customers import examples
from customers.billing.models import ExchangeRate
from customers.billing.schemas import ExchangeRateRead, ExchangeRateUpdate
from customers.customer.errors import CustomerNotFound
from customers.dial_in.models import DialInNumber
from customers.models import Customer
from customers.settings.models import Delegation
from customers.user.models import CatalogueItem
from customers.user.schemas import CatalogueItemRead
from servicekit import PROBLEM_RESPONSES, Forbidden, NotFound, Principal, Session, current_principal, require_roles

router = APIRouter(tags=["system settings"], responses=PROBLEM_RESPONSES)

Permission = Literal["exchange_rates", "catalogue", "dial_in_directory"]
Root = Annotated[Principal, Depends(require_roles(Role.PLATFORM_ROOT))]


def may_manage(permission: str) -> Callable[[Request], Coroutine[Any, Any, Principal]]:
    """The root, or an administrator of a customer the root delegated `permission` to."""

    async def dependency(request: Request) -> Principal:
        principal = await current_principal(request)
        if principal.has(Role.PLATFORM_ROOT):
            return principal
        if principal.has(Role.PARTNER_ADMIN, Role.CUSTOMER_FULL_ADMIN):
            async with request.app.state.runtime.sessionmaker() as session:
                if await session.get(Delegation, (principal.customer_id, permission)):
                    return principal
        raise Forbidden(f"Only the platform root, or a customer it delegated {permission!r} to, may do this.")

    return dependency


class DelegationCreate(BaseModel):
    model_config = ConfigDict(
        extra="forbid",
        json_schema_extra={
            "examples": [{"customer_id": "7d9f0c1e-2b4a-4c7e-9f1d-3a5b6c7d8e9f", "permission": "exchange_rates"}]
        },
    )

    customer_id: uuid.UUID
    permission: Permission


class DelegationRead(BaseModel):
    model_config = ConfigDict(json_schema_extra={"examples": [examples.DELEGATION]})

    customer_id: uuid.UUID
    permission: str
    granted_by: str
    created_at: datetime


class CatalogueUpdate(BaseModel):
    model_config = ConfigDict(extra="forbid", json_schema_extra={"examples": [{"orderable": True}]})

    orderable: bool = Field(description="Add-ons become orderable when the platform offers them (R-CUST-05)")


class DialInNumbers(BaseModel):
    model_config = ConfigDict(extra="forbid", json_schema_extra={"examples": [{"numbers": ["+4721930646"]}]})

    numbers: list[Annotated[str, Field(pattern=r"^\+[1-9][0-9]{6,14}$")]] = Field(
        description="E.164, first available first; empty: the country falls back to its region's default"
    )


@router.post("/v1/delegations", status_code=201, operation_id="grant_delegation", response_model=DelegationRead)
async def grant_delegation(body: DelegationCreate, session: Session, principal: Root) -> DelegationRead:
    """Let a named sub-customer manage one system-wide setting."""
    if await session.get(Customer, body.customer_id) is None:
        raise CustomerNotFound(body.customer_id)
    delegation = await session.get(Delegation, (body.customer_id, body.permission)) or Delegation(
        customer_id=body.customer_id, permission=body.permission, granted_by=principal.client_id
    )
    session.add(delegation)
    await session.flush()
    await session.refresh(delegation)
    return DelegationRead.model_validate(delegation, from_attributes=True)


@router.get("/v1/delegations", operation_id="list_delegations", response_model=list[DelegationRead])
async def list_delegations(session: Session, principal: Root) -> list[DelegationRead]:
    rows = await session.scalars(select(Delegation).order_by(Delegation.created_at))
    return [DelegationRead.model_validate(d, from_attributes=True) for d in rows]


@router.delete("/v1/delegations/{customer_id}/{permission}", status_code=204, operation_id="revoke_delegation")
async def revoke_delegation(
    customer_id: uuid.UUID, permission: Permission, session: Session, principal: Root
) -> Response:
    await session.execute(
        delete(Delegation).where(Delegation.customer_id == customer_id, Delegation.permission == permission)
    )
    return Response(status_code=204)


@router.put("/v1/exchange-rates/{currency}", operation_id="set_exchange_rate", response_model=ExchangeRateRead)
async def set_exchange_rate(
    currency: str,
    body: ExchangeRateUpdate,
    request: Request,
    session: Session,
    principal: Annotated[Principal, Depends(may_manage("exchange_rates"))],
) -> ExchangeRateRead:
    """Set (or add) a currency's rate in USD (R-HIER-07); every later conversion uses it."""
    code = currency.upper()
    if len(code) != 3 or not code.isalpha():
        raise NotFound(f"No currency {currency!r}.")
    rate = await session.get(ExchangeRate, code) or ExchangeRate(currency=code)
    rate.usd_per_unit = body.usd_per_unit
    rate.updated_at = request.app.state.runtime.clock.now()
    session.add(rate)
    await session.flush()
    return ExchangeRateRead.model_validate(rate, from_attributes=True)


@router.put("/v1/catalogue/{code}", operation_id="update_catalogue_item", response_model=CatalogueItemRead)
async def update_catalogue_item(
    code: str,
    body: CatalogueUpdate,
    session: Session,
    principal: Annotated[Principal, Depends(may_manage("catalogue"))],
) -> CatalogueItemRead:
    item = await session.get(CatalogueItem, code)
    if item is None:
        raise NotFound(f"No catalogue item {code!r}.")
    item.orderable = body.orderable
    await session.flush()
    return CatalogueItemRead.of(item)


@router.get("/v1/dial-in-numbers/{country}", operation_id="get_dial_in_numbers", response_model=DialInNumbers)
async def get_dial_in_numbers(
    country: str, session: Session, principal: Annotated[Principal, Depends(may_manage("dial_in_directory"))]
) -> DialInNumbers:
    rows = await session.scalars(
        select(DialInNumber.number).where(DialInNumber.country == country.upper()).order_by(DialInNumber.position)
    )
    return DialInNumbers(numbers=list(rows))


@router.put("/v1/dial-in-numbers/{country}", operation_id="set_dial_in_numbers", response_model=DialInNumbers)
async def set_dial_in_numbers(
    country: str,
    body: DialInNumbers,
    session: Session,
    principal: Annotated[Principal, Depends(may_manage("dial_in_directory"))],
) -> DialInNumbers:
    """Replace a country's dial-in numbers (R-CUST-09); new customers of the country get the first one."""
    code = country.upper()
    await session.execute(delete(DialInNumber).where(DialInNumber.country == code))
    session.add_all(
        DialInNumber(country=code, position=n, number=number) for n, number in enumerate(body.numbers, start=1)
    )
    await session.flush()
    return body
