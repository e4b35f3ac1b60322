"""Tariffs, balances, the ledger and exchange rates over HTTP."""

from __future__ import annotations

import uuid
from typing import Annotated

from fastapi import APIRouter, Depends, Header, Query, Request, Response
from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from contracts.enums import Role
from customers.billing import service
from customers.billing.models import ExchangeRate, Tariff
from customers.billing.schemas import (
    BalanceRead,
    CreditLimitUpdate,
    ExchangeRateRead,
    LedgerEntryRead,
    TariffCreate,
    TariffRead,
    TemporaryIncrease,
    TransactionCreate,
)
from customers.customer.errors import CustomerNotFound
from customers.customer.repository import CustomerRepository
from customers.models import Customer
from servicekit import (
    DEFAULT_LIMIT,
    MAX_LIMIT,
    PROBLEM_RESPONSES,
    Answer,
    IdempotencyKey,
    Page,
    Principal,
    Session,
    current_principal,
    idempotent,
    page_of,
    paginate,
    require_roles,
)
from servicekit import etag as version_etag

router = APIRouter(tags=["billing"], responses=PROBLEM_RESPONSES)

Reader = Annotated[Principal, Depends(current_principal)]
Manager = Annotated[Principal, Depends(require_roles(Role.PLATFORM_ROOT, Role.PARTNER_ADMIN))]
Root = Annotated[Principal, Depends(require_roles(Role.PLATFORM_ROOT))]
Cursor = Annotated[str | None, Query(max_length=500)]
Limit = Annotated[int, Query(ge=1, le=MAX_LIMIT)]


@router.post("/v1/tariffs", status_code=201, operation_id="create_tariff", response_model=TariffRead)
async def create_tariff(
    body: TariffCreate,
    request: Request,
    session: Session,
    principal: Manager,
    idempotency_key: IdempotencyKey = None,
) -> Response:
    """Create a rate plan for your own children (R-HIER-05)."""

    async def act() -> Answer:
        tariff = await service.create_tariff(session, body, principal=principal)
        return 201, TariffRead.of(tariff).model_dump(mode="json"), {"ETag": version_etag(tariff.version)}

    return await idempotent(session, request, principal=principal.client_id, key=idempotency_key, body=body, act=act)


@router.get("/v1/tariffs", operation_id="list_tariffs", response_model=Page[TariffRead])
async def list_tariffs(
    session: Session, principal: Manager, cursor: Cursor = None, limit: Limit = DEFAULT_LIMIT
) -> Page[TariffRead]:
    """Your tariffs, oldest first."""
    stmt = select(Tariff).where(Tariff.owner_id == principal.customer_id)
    rows = await session.scalars(paginate(stmt, Tariff.created_at, Tariff.id, cursor=cursor, limit=limit))
    return page_of(list(rows), limit, to_item=TariffRead.of)


@router.get("/v1/tariffs/{tariff_id}", operation_id="get_tariff", response_model=TariffRead)
async def get_tariff(tariff_id: uuid.UUID, response: Response, session: Session, principal: Manager) -> TariffRead:
    tariff = await service.own_tariff(session, tariff_id, principal=principal)
    response.headers["ETag"] = version_etag(tariff.version)
    return TariffRead.of(tariff)


@router.put("/v1/tariffs/{tariff_id}", operation_id="update_tariff", response_model=TariffRead)
async def update_tariff(
    tariff_id: uuid.UUID,
    body: TariffCreate,
    response: Response,
    session: Session,
    principal: Manager,
    if_match: Annotated[str | None, Header()] = None,
) -> TariffRead:
    """Replace a tariff's name, currency, description or default flag; If-Match guards against lost updates."""
    tariff = await service.update_tariff(session, tariff_id, body, principal=principal, if_match=if_match)
    response.headers["ETag"] = version_etag(tariff.version)
    return TariffRead.of(tariff)


@router.post(
    "/v1/customers/{customer_id}/transactions",
    status_code=201,
    operation_id="post_transaction",
    response_model=LedgerEntryRead,
)
async def post_transaction(
    customer_id: uuid.UUID,
    body: TransactionCreate,
    request: Request,
    session: Session,
    principal: Manager,
    idempotency_key: IdempotencyKey = None,
) -> Response:
    """Debit, credit or add funds to a customer you bill (R-HIER-08); converted at the rate in force.

    A debit that would take the balance below minus the credit limit is refused (409). Send an
    Idempotency-Key: a retried debit is then answered from the first one, never booked twice.
    """

    async def act() -> Answer:
        entry = await service.transact(session, customer_id, body, principal=principal)
        return 201, LedgerEntryRead.of(entry).model_dump(mode="json"), {}

    return await idempotent(session, request, principal=principal.client_id, key=idempotency_key, body=body, act=act)


@router.get(
    "/v1/customers/{customer_id}/ledger", operation_id="list_ledger_entries", response_model=Page[LedgerEntryRead]
)
async def list_ledger_entries(
    customer_id: uuid.UUID, session: Session, principal: Reader, cursor: Cursor = None, limit: Limit = DEFAULT_LIMIT
) -> Page[LedgerEntryRead]:
    """Every balance transaction, oldest first, starting with the opening balance. Never edited."""
    rows = await service.ledger(session, customer_id, principal=principal, cursor=cursor, limit=limit)
    return page_of(list(rows), limit, to_item=LedgerEntryRead.of)


@router.get("/v1/customers/{customer_id}/balance", operation_id="get_balance", response_model=BalanceRead)
async def get_balance(
    customer_id: uuid.UUID,
    session: Session,
    principal: Reader,
    currency: Annotated[str, Query(pattern=r"^[A-Za-z]{3}$", description="Shown in USD unless you ask")] = "USD",
) -> BalanceRead:
    """Balance and credit limit, in USD or converted at the managed rates (R-HIER-07)."""
    customer = await CustomerRepository(session, tenant_path=principal.tenant_path).get(customer_id)
    if customer is None:
        raise CustomerNotFound(customer_id)
    return await _balance(session, customer, currency.upper())


async def _balance(session: AsyncSession, customer: Customer, currency: str) -> BalanceRead:
    rate = await service.usd_per_unit(session, currency)
    balance, limit = service.from_usd(customer.balance_usd, rate), service.from_usd(customer.credit_limit_usd, rate)
    return BalanceRead(
        customer_id=customer.id,
        currency=currency,
        balance=balance,
        credit_limit=limit,
        available=balance + limit,
        usd_per_unit=rate,
    )


@router.get("/v1/exchange-rates", operation_id="list_exchange_rates", response_model=list[ExchangeRateRead])
async def list_exchange_rates(session: Session, principal: Reader) -> list[ExchangeRateRead]:
    """The managed rates every conversion uses."""
    rates = await session.scalars(select(ExchangeRate).order_by(ExchangeRate.currency))
    return [ExchangeRateRead.model_validate(r, from_attributes=True) for r in rates]


@router.put("/v1/customers/{customer_id}/credit-limit", operation_id="set_credit_limit", response_model=BalanceRead)
async def set_credit_limit(
    customer_id: uuid.UUID,
    body: CreditLimitUpdate,
    session: Session,
    principal: Manager,
    if_match: Annotated[str | None, Header(description="The customer's ETag; 412 if it changed since")] = None,
) -> BalanceRead:
    """Set the credit limit of a customer you bill; debits may take its balance down to minus this."""
    customer = await service.set_credit_limit(
        session, customer_id, body.credit_limit, body.currency, principal=principal, if_match=if_match
    )
    return await _balance(session, customer, "USD")


@router.post(
    "/v1/customers/{customer_id}/credit-limit/temporary-increases",
    status_code=201,
    operation_id="raise_credit_limit_temporarily",
    response_model=BalanceRead,
)
async def raise_credit_limit_temporarily(
    customer_id: uuid.UUID,
    body: TemporaryIncrease,
    request: Request,
    session: Session,
    principal: Manager,
    idempotency_key: IdempotencyKey = None,
) -> Response:
    """Raise the credit limit until `expires_at`; then it goes back down by the same amount, on its own."""

    async def act() -> Answer:
        customer = await service.raise_credit_limit_until(
            session,
            customer_id,
            body.amount,
            body.currency,
            body.expires_at,
            principal=principal,
            now=request.app.state.runtime.clock.now(),
        )
        return 201, (await _balance(session, customer, "USD")).model_dump(mode="json"), {}

    return await idempotent(session, request, principal=principal.client_id, key=idempotency_key, body=body, act=act)
