"""Tariffs, balances, the ledger and exchange rates over HTTP."""

from __future__ import annotations

import uuid
from typing import Annotated

from fastapi import APIRouter, Depends, Query, Request, Response

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
from customers.billing.service import BillingService
from customers.billing.tariffs import TariffService
from customers.callers import Manager
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

router = APIRouter(tags=["billing"], responses=PROBLEM_RESPONSES)

Billing = Annotated[BillingService, Depends(component(BillingService))]
Tariffs = Annotated[TariffService, Depends(component(TariffService))]


@router.post("/v1/tariffs", status_code=201, operation_id="create_tariff", response_model=TariffRead)
async def create_tariff(
    body: TariffCreate,
    request: Request,
    session: Session,
    principal: Manager,
    tariffs: Tariffs,
    idempotency_key: IdempotencyKey = None,
) -> Response:
    """Create a rate plan for your own children (R-HIER-05)."""

    async def act() -> Answer:
        tariff = await tariffs.create(session, body, principal=principal)
        return 201, TariffRead.model_validate(tariff).model_dump(mode="json"), {"ETag": etag(tariff.version)}

    return await idempotent(session, request, principal=principal.client_id, key=idempotency_key, body=body, act=act)


@router.get("/v1/tariffs", operation_id="list_tariffs", response_model=Page[TariffRead])
async def list_tariffs(session: Session, principal: Manager, tariffs: Tariffs, page: Paging) -> Page[TariffRead]:
    """Your tariffs, oldest first."""
    return page_of(await tariffs.list(session, page, principal=principal), page, TariffRead)


@router.get("/v1/tariffs/{tariff_id}", operation_id="get_tariff", response_model=TariffRead)
async def get_tariff(
    tariff_id: uuid.UUID, response: Response, session: Session, principal: Manager, tariffs: Tariffs
) -> TariffRead:
    """Read one of your tariffs."""
    tariff = await tariffs.own(session, tariff_id, principal=principal)
    response.headers["ETag"] = etag(tariff.version)
    return TariffRead.model_validate(tariff)


@router.put("/v1/tariffs/{tariff_id}", operation_id="update_tariff", response_model=TariffRead)
async def update_tariff(
    tariff_id: uuid.UUID,
    body: TariffCreate,
    response: Response,
    session: Session,
    principal: Manager,
    tariffs: Tariffs,
    if_match: IfMatch = None,
) -> TariffRead:
    """Replace a tariff's name, currency, description or default flag; If-Match guards against lost updates."""
    tariff = await tariffs.update(session, tariff_id, body, principal=principal, if_match=if_match)
    response.headers["ETag"] = etag(tariff.version)
    return TariffRead.model_validate(tariff)


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
    billing: Billing,
    idempotency_key: IdempotencyKey = None,
) -> Response:
    """Debit, credit or add funds to a customer you bill (R-HIER-08); converted at the rate in force.

    A debit that would take the balance below minus the credit limit is refused (409). Send an
    Idempotency-Key: a retried debit is then answered from the first one, never booked twice.
    """

    async def act() -> Answer:
        entry = await billing.transact(session, customer_id, body, principal=principal)
        return 201, LedgerEntryRead.model_validate(entry).model_dump(mode="json"), {}

    return await idempotent(session, request, principal=principal.client_id, key=idempotency_key, body=body, act=act)


@router.get(
    "/v1/customers/{customer_id}/ledger", operation_id="list_ledger_entries", response_model=Page[LedgerEntryRead]
)
async def list_ledger_entries(
    customer_id: uuid.UUID, session: Session, principal: Caller, billing: Billing, page: Paging
) -> Page[LedgerEntryRead]:
    """Every balance transaction, oldest first, starting with the opening balance. Never edited."""
    entries = await billing.ledger(session, customer_id, page, principal=principal)
    return page_of(entries, page, LedgerEntryRead)


@router.get("/v1/customers/{customer_id}/balance", operation_id="get_balance", response_model=BalanceRead)
async def get_balance(
    customer_id: uuid.UUID,
    session: Session,
    principal: Caller,
    billing: Billing,
    currency: Annotated[str, Query(pattern=r"^[A-Za-z]{3}$", description="Shown in USD unless you ask")] = "USD",
) -> BalanceRead:
    """Balance and credit limit, in USD or converted at the managed rates (R-HIER-07)."""
    return BalanceRead.model_validate(await billing.balance(session, customer_id, currency, principal=principal))


@router.get("/v1/exchange-rates", operation_id="list_exchange_rates", response_model=list[ExchangeRateRead])
async def list_exchange_rates(session: Session, principal: Caller, billing: Billing) -> list[ExchangeRateRead]:
    """The managed rates every conversion uses."""
    return [ExchangeRateRead.model_validate(r) for r in await billing.exchange_rates(session)]


@router.put("/v1/customers/{customer_id}/credit-limit", operation_id="set_credit_limit", response_model=BalanceRead)
async def set_credit_limit(
    customer_id: uuid.UUID,
    body: CreditLimitUpdate,
    session: Session,
    principal: Manager,
    billing: Billing,
    if_match: IfMatch = None,
) -> BalanceRead:
    """Set the credit limit of a customer you bill; debits may take its balance down to minus this."""
    balance = await billing.set_credit_limit(
        session, customer_id, body.credit_limit, body.currency, principal=principal, if_match=if_match
    )
    return BalanceRead.model_validate(balance)


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
    billing: Billing,
    idempotency_key: IdempotencyKey = None,
) -> Response:
    """Raise the credit limit until `expires_at`; then it goes back down by the same amount, on its own."""

    async def act() -> Answer:
        balance = await billing.raise_credit_limit_until(
            session, customer_id, body.amount, body.currency, body.expires_at, principal=principal
        )
        return 201, BalanceRead.model_validate(balance).model_dump(mode="json"), {}

    return await idempotent(session, request, principal=principal.client_id, key=idempotency_key, body=body, act=act)
