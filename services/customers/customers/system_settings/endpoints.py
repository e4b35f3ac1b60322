"""System-wide settings over HTTP: the root's alone unless it delegates a named permission (R-HIER-04)."""

from __future__ import annotations

import uuid
from collections.abc import Callable, Coroutine
from typing import Annotated, Any

from fastapi import APIRouter, Depends, Path, Response

from contracts.problem import Problem
from customers.billing.schemas import ExchangeRateRead, ExchangeRateUpdate
from customers.callers import Root
from customers.system_settings.schemas import (
    CatalogueUpdate,
    DelegationCreate,
    DelegationRead,
    DialInNumbers,
    Permission,
)
from customers.system_settings.service import SystemSettingsService
from customers.user.schemas import CatalogueItemRead
from servicekit import PROBLEM_RESPONSES, SINGLE_LINE, Caller, Country, Principal, Session, component

router = APIRouter(tags=["system settings"], responses=PROBLEM_RESPONSES)

SystemSettings = Annotated[SystemSettingsService, Depends(component(SystemSettingsService))]
# may_manage answers 403 itself (not a role check servicekit sees), so its operations declare it.
DELEGATED: dict[int | str, dict[str, Any]] = {
    403: {"model": Problem, "description": "Neither the root nor a delegate of this setting (R-HIER-04)"}
}


def may_manage(permission: Permission) -> Callable[..., Coroutine[Any, Any, Principal]]:
    """A dependency answering 403 unless the caller is the root or a delegate for `permission`."""

    async def dependency(session: Session, principal: Caller, settings: SystemSettings) -> Principal:
        await settings.check_may_manage(session, principal, permission)
        return principal

    return dependency


@router.post("/v1/delegations", status_code=201, operation_id="grant_delegation", response_model=DelegationRead)
async def grant_delegation(
    body: DelegationCreate, session: Session, principal: Root, settings: SystemSettings
) -> DelegationRead:
    """Let a named sub-customer manage one system-wide setting."""
    return DelegationRead.model_validate(await settings.grant(session, body, principal=principal))


@router.get("/v1/delegations", operation_id="list_delegations", response_model=list[DelegationRead])
async def list_delegations(session: Session, principal: Root, settings: SystemSettings) -> list[DelegationRead]:
    """Every delegation, oldest first."""
    return [DelegationRead.model_validate(d) for d in await settings.delegations(session)]


@router.delete("/v1/delegations/{customer_id}/{permission}", status_code=204, operation_id="revoke_delegation")
async def revoke_delegation(
    customer_id: uuid.UUID, permission: Permission, session: Session, principal: Root, settings: SystemSettings
) -> Response:
    """Take a delegated permission back."""
    await settings.revoke(session, customer_id, permission)
    return Response(status_code=204)


@router.put(
    "/v1/exchange-rates/{currency}",
    operation_id="set_exchange_rate",
    responses=DELEGATED,
    response_model=ExchangeRateRead,
)
async def set_exchange_rate(
    currency: Annotated[str, Path(pattern=r"^[A-Za-z]{3}$", description="ISO 4217")],
    body: ExchangeRateUpdate,
    session: Session,
    principal: Annotated[Principal, Depends(may_manage("exchange_rates"))],
    settings: SystemSettings,
) -> ExchangeRateRead:
    """Set (or add) a currency's rate in USD (R-HIER-07); every later conversion uses it."""
    return ExchangeRateRead.model_validate(await settings.set_exchange_rate(session, currency, body.usd_per_unit))


@router.put(
    "/v1/catalogue/{code}", operation_id="update_catalogue_item", responses=DELEGATED, response_model=CatalogueItemRead
)
async def update_catalogue_item(
    code: Annotated[str, Path(max_length=100, pattern=SINGLE_LINE)],
    body: CatalogueUpdate,
    session: Session,
    principal: Annotated[Principal, Depends(may_manage("catalogue"))],
    settings: SystemSettings,
) -> CatalogueItemRead:
    """Make a catalogue item orderable, or not."""
    return CatalogueItemRead.model_validate(await settings.set_orderable(session, code, body.orderable))


@router.get(
    "/v1/dial-in-numbers/{country}",
    operation_id="get_dial_in_numbers",
    responses=DELEGATED,
    response_model=DialInNumbers,
)
async def get_dial_in_numbers(
    country: Annotated[Country, Path()],
    session: Session,
    principal: Annotated[Principal, Depends(may_manage("dial_in_directory"))],
    settings: SystemSettings,
) -> DialInNumbers:
    """A country's dial-in numbers, first available first."""
    return DialInNumbers(numbers=list(await settings.dial_in_numbers(session, country)))


@router.put(
    "/v1/dial-in-numbers/{country}",
    operation_id="set_dial_in_numbers",
    responses=DELEGATED,
    response_model=DialInNumbers,
)
async def set_dial_in_numbers(
    country: Annotated[Country, Path()],
    body: DialInNumbers,
    session: Session,
    principal: Annotated[Principal, Depends(may_manage("dial_in_directory"))],
    settings: SystemSettings,
) -> DialInNumbers:
    """Replace a country's dial-in numbers (R-CUST-09); new customers of the country get the first one."""
    await settings.set_dial_in_numbers(session, country, body.numbers)
    return body
