"""Exchange rates, credit limits and the ledger: the only way a balance changes (R-HIER-06..08)."""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from decimal import ROUND_HALF_EVEN, Decimal
from typing import Any

from sqlalchemy import Row
from sqlalchemy.ext.asyncio import AsyncSession

from contracts.events import BalanceChanged, CreditLimitChanged
from customers.billing.errors import CreditLimitExceeded
from customers.billing.models import ExchangeRate, LedgerEntry
from customers.billing.repository import ExchangeRateRepository, LedgerRepository
from customers.billing.schemas import TransactionCreate
from customers.customer.errors import CustomerNotFound
from customers.customer.repository import CustomerRepository
from customers.events import tenancy
from customers.models import Customer
from servicekit import (
    Clock,
    PageRequest,
    Principal,
    ValidationFailed,
    check_version,
    emit,
    schedule_timer,
)

CENTS = Decimal("0.0001")
SIGN = {"opening": 1, "debit": -1, "credit": 1, "add_funds": 1}
CREDIT_INCREASE_TIMER = "credit_limit.temporary_increase"


def to_usd(amount: Decimal, rate: Decimal) -> Decimal:
    return (amount * rate).quantize(CENTS, rounding=ROUND_HALF_EVEN)


def from_usd(amount: Decimal, rate: Decimal) -> Decimal:
    return (amount / rate).quantize(CENTS, rounding=ROUND_HALF_EVEN)


@dataclass(frozen=True)
class Balance:
    customer_id: uuid.UUID
    currency: str
    balance: Decimal
    credit_limit: Decimal
    available: Decimal
    usd_per_unit: Decimal


class BillingService:
    def __init__(self, *, clock: Clock) -> None:
        self.clock = clock

    # --- exchange rates ------------------------------------------------------------------------

    async def usd_per_unit(self, session: AsyncSession, currency: str) -> Decimal:
        rates = ExchangeRateRepository(session)
        rate = await rates.get(currency)
        if rate is None:
            known = await rates.currencies()
            raise ValidationFailed.field(
                "currency", f"{currency!r} is not a managed currency; use one of {known}", rule="R-HIER-07"
            )
        return rate.usd_per_unit

    async def exchange_rates(self, session: AsyncSession) -> Sequence[ExchangeRate]:
        return await ExchangeRateRepository(session).all()

    # --- the ledger ----------------------------------------------------------------------------

    async def post(
        self,
        session: AsyncSession,
        customer: Customer,
        kind: str,
        amount: Decimal,
        currency: str,
        notes: str | None,
        *,
        principal: Principal,
    ) -> LedgerEntry:
        """Append one entry and move the balance; the caller holds the customer row locked (FOR UPDATE)."""
        rate = await self.usd_per_unit(session, currency)
        change = SIGN[kind] * to_usd(amount, rate)
        balance = customer.balance_usd + change
        if kind == "debit" and balance < -customer.credit_limit_usd:
            # R-HIER-08: a debit may not take the balance below minus the credit limit.
            raise CreditLimitExceeded(
                f"Debit of {amount} {currency} ({-change} USD) would leave {balance} USD; "
                f"the credit limit allows down to {-customer.credit_limit_usd} USD.",
                balance_usd=f"{customer.balance_usd:f}",
                credit_limit_usd=f"{customer.credit_limit_usd:f}",
            )
        customer.balance_usd = balance
        entry = await LedgerRepository.for_caller(session, principal).add(
            LedgerEntry(
                customer_id=customer.id,
                kind=kind,
                amount=amount,
                currency=currency,
                usd_per_unit=rate,
                amount_usd=change,
                balance_usd=balance,
                notes=notes,
                actor=principal.client_id,
            )
        )
        await emit(
            session,
            BalanceChanged(
                **tenancy(customer),
                entry_id=entry.id,
                kind=kind,
                amount=f"{amount:f}",
                currency=currency,
                amount_usd=f"{change:f}",
                balance_usd=f"{balance:f}",
            ),
        )
        return entry

    async def transact(
        self, session: AsyncSession, customer_id: uuid.UUID, data: TransactionCreate, *, principal: Principal
    ) -> LedgerEntry:
        # The row lock serialises transactions on one balance: concurrent ones never lose an update.
        customer = await self._billed_customer(session, customer_id, principal)
        return await self.post(
            session, customer, data.kind, data.amount, data.currency, data.notes, principal=principal
        )

    async def ledger(
        self, session: AsyncSession, customer_id: uuid.UUID, page: PageRequest, *, principal: Principal
    ) -> Sequence[LedgerEntry]:
        customer = await self._readable_customer(session, customer_id, principal)
        return await LedgerRepository.for_caller(session, principal).list(customer.id, page)

    async def balance(
        self, session: AsyncSession, customer_id: uuid.UUID, currency: str, *, principal: Principal
    ) -> Balance:
        """Balance and credit limit, in USD or converted at the managed rates (R-HIER-07)."""
        customer = await self._readable_customer(session, customer_id, principal)
        return await self.balance_of(session, customer, currency.upper())

    async def balance_of(self, session: AsyncSession, customer: Customer, currency: str) -> Balance:
        rate = await self.usd_per_unit(session, currency)
        balance, limit = from_usd(customer.balance_usd, rate), from_usd(customer.credit_limit_usd, rate)
        return Balance(customer.id, currency, balance, limit, available=balance + limit, usd_per_unit=rate)

    # --- credit limits -------------------------------------------------------------------------

    async def set_credit_limit(
        self,
        session: AsyncSession,
        customer_id: uuid.UUID,
        amount: Decimal,
        currency: str,
        *,
        principal: Principal,
        if_match: str | None = None,
    ) -> Balance:
        customer = await self._billed_customer(session, customer_id, principal)
        check_version(if_match, customer.version, "customer")
        customer.credit_limit_usd = to_usd(amount, await self.usd_per_unit(session, currency))
        await _limit_changed(session, customer, "set")
        return await self.balance_of(session, customer, currency.upper())  # R-HIER-07: in the currency sent

    async def raise_credit_limit_until(
        self,
        session: AsyncSession,
        customer_id: uuid.UUID,
        amount: Decimal,
        currency: str,
        expires_at: datetime,
        *,
        principal: Principal,
    ) -> Balance:
        """A temporary increase: the limit goes up now and back down by the same amount when it expires."""
        if expires_at <= self.clock.now():
            raise ValidationFailed.field("expires_at", "must be in the future")
        customer = await self._billed_customer(session, customer_id, principal)
        increase = to_usd(amount, await self.usd_per_unit(session, currency))
        customer.credit_limit_usd += increase
        await schedule_timer(
            session,
            CREDIT_INCREASE_TIMER,
            str(customer.id),
            expires_at,
            {"customer_id": str(customer.id), "increase_usd": f"{increase:f}"},
        )
        await _limit_changed(session, customer, "temporary_increase", expires_at=expires_at.isoformat())
        return await self.balance_of(session, customer, currency.upper())  # R-HIER-07: in the currency sent

    async def on_increase_expired(self, session: AsyncSession, timer: Row[Any]) -> None:
        customers = CustomerRepository.unscoped(session)
        customer = await customers.get(uuid.UUID(timer.payload["customer_id"]), for_update=True)
        if customer is None:
            return
        customer.credit_limit_usd = max(Decimal(0), customer.credit_limit_usd - Decimal(timer.payload["increase_usd"]))
        await _limit_changed(session, customer, "temporary_increase_expired")

    # --- whose balance the caller may see and move ----------------------------------------------

    async def _readable_customer(self, session: AsyncSession, customer_id: uuid.UUID, principal: Principal) -> Customer:
        customer = await CustomerRepository.for_caller(session, principal).get(customer_id)
        if customer is None:
            raise CustomerNotFound(customer_id)
        return customer

    async def _billed_customer(self, session: AsyncSession, customer_id: uuid.UUID, principal: Principal) -> Customer:
        """A customer the caller bills: strictly below it (R-HIER-06: the parent side acts as root toward it)."""
        customer = await CustomerRepository.for_caller(session, principal).get(customer_id, for_update=True)
        if customer is None or customer.id == principal.customer_id:
            raise CustomerNotFound(customer_id)
        return customer


async def _limit_changed(session: AsyncSession, customer: Customer, reason: str, expires_at: str | None = None) -> None:
    await session.flush()
    event = CreditLimitChanged(
        **tenancy(customer), credit_limit_usd=f"{customer.credit_limit_usd:f}", reason=reason, expires_at=expires_at
    )
    await emit(session, event)
