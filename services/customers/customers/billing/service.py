"""Tariffs, exchange rates and the ledger: the only way a balance changes (R-HIER-05..08)."""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from datetime import datetime
from decimal import ROUND_HALF_EVEN, Decimal
from typing import Any

from sqlalchemy import Row, select
from sqlalchemy.ext.asyncio import AsyncSession

from contracts.events import BalanceChanged, CreditLimitChanged, TariffChanged
from customers.billing.models import ExchangeRate, LedgerEntry, Tariff
from customers.billing.schemas import TariffCreate, TransactionCreate
from customers.customer.errors import CustomerNotFound
from customers.customer.repository import CustomerRepository
from customers.events import tenancy
from customers.models import Customer
from servicekit import (
    Conflict,
    NotFound,
    Principal,
    ValidationFailed,
    check_version,
    emit,
    paginate,
    schedule_timer,
)

CENTS = Decimal("0.0001")
SIGN = {"opening": 1, "debit": -1, "credit": 1, "add_funds": 1}


class CreditLimitExceeded(Conflict):
    type = "credit-limit-exceeded"
    title = "The debit would take the balance below the credit limit"
    rule = "R-HIER-08"


async def usd_per_unit(session: AsyncSession, currency: str, *, field: str = "currency") -> Decimal:
    rate = await session.get(ExchangeRate, currency)
    if rate is None:
        known = sorted(await session.scalars(select(ExchangeRate.currency)))
        raise ValidationFailed.field(
            field, f"{currency!r} is not a managed currency; use one of {known}", rule="R-HIER-07"
        )
    return rate.usd_per_unit


def to_usd(amount: Decimal, rate: Decimal) -> Decimal:
    return (amount * rate).quantize(CENTS, rounding=ROUND_HALF_EVEN)


def from_usd(amount: Decimal, rate: Decimal) -> Decimal:
    return (amount / rate).quantize(CENTS, rounding=ROUND_HALF_EVEN)


async def post(
    session: AsyncSession, customer: Customer, kind: str, amount: Decimal, currency: str, notes: str | None, actor: str
) -> LedgerEntry:
    """Append one entry and move the balance; the caller holds the customer row locked (FOR UPDATE)."""
    rate = await usd_per_unit(session, currency)
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
    entry = LedgerEntry(
        customer_id=customer.id,
        kind=kind,
        amount=amount,
        currency=currency,
        usd_per_unit=rate,
        amount_usd=change,
        balance_usd=balance,
        notes=notes,
        actor=actor,
    )
    session.add(entry)
    await session.flush()
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


async def _billed_customer(session: AsyncSession, customer_id: uuid.UUID, principal: Principal) -> Customer:
    """A customer the caller bills: strictly below it (R-HIER-06: the parent side acts as root toward it)."""
    customer = await CustomerRepository(session, tenant_path=principal.tenant_path).get(customer_id, for_update=True)
    if customer is None or customer.id == principal.customer_id:
        raise CustomerNotFound(customer_id)
    return customer


async def transact(
    session: AsyncSession, customer_id: uuid.UUID, data: TransactionCreate, *, principal: Principal
) -> LedgerEntry:
    # The row lock serialises transactions on one balance: concurrent ones never lose an update.
    customer = await _billed_customer(session, customer_id, principal)
    return await post(session, customer, data.kind, data.amount, data.currency, data.notes, principal.client_id)


async def ledger(
    session: AsyncSession, customer_id: uuid.UUID, *, principal: Principal, cursor: str | None, limit: int
) -> Sequence[LedgerEntry]:
    customer = await CustomerRepository(session, tenant_path=principal.tenant_path).get(customer_id)
    if customer is None:
        raise CustomerNotFound(customer_id)
    stmt = select(LedgerEntry).where(LedgerEntry.customer_id == customer.id)
    return (
        await session.scalars(paginate(stmt, LedgerEntry.created_at, LedgerEntry.id, cursor=cursor, limit=limit))
    ).all()


async def create_tariff(session: AsyncSession, data: TariffCreate, *, principal: Principal) -> Tariff:
    await usd_per_unit(session, data.currency)
    if data.is_default:
        await _clear_default(session, principal.customer_id)
    tariff = Tariff(owner_id=principal.customer_id, **data.model_dump())
    session.add(tariff)
    await session.flush()
    await session.refresh(tariff)
    await _tariff_changed(session, tariff)
    return tariff


async def _tariff_changed(session: AsyncSession, tariff: Tariff) -> None:
    owner = await session.get(Customer, tariff.owner_id)
    assert owner is not None
    event = TariffChanged(
        **tenancy(owner), tariff_id=tariff.id, name=tariff.name, currency=tariff.currency, is_default=tariff.is_default
    )
    await emit(session, event)


async def _clear_default(session: AsyncSession, owner_id: uuid.UUID) -> None:
    for tariff in await session.scalars(select(Tariff).where(Tariff.owner_id == owner_id, Tariff.is_default)):
        tariff.is_default = False


async def own_tariff(session: AsyncSession, tariff_id: uuid.UUID, *, principal: Principal) -> Tariff:
    """Tariffs are owned by a customer for its own children: a caller sees only its own."""
    tariff = await session.scalar(
        select(Tariff).where(Tariff.id == tariff_id, Tariff.owner_id == principal.customer_id)
    )
    if tariff is None:
        raise NotFound(f"No tariff {tariff_id} of yours.")
    return tariff


async def update_tariff(
    session: AsyncSession, tariff_id: uuid.UUID, data: TariffCreate, *, principal: Principal, if_match: str | None
) -> Tariff:
    tariff = await own_tariff(session, tariff_id, principal=principal)
    check_version(if_match, tariff.version, "tariff")
    await usd_per_unit(session, data.currency)
    if data.is_default and not tariff.is_default:
        await _clear_default(session, principal.customer_id)
    for key, value in data.model_dump().items():
        setattr(tariff, key, value)
    await session.flush()
    await _tariff_changed(session, tariff)
    return tariff


async def tariff_for_new_child(session: AsyncSession, parent_id: uuid.UUID, tariff_id: uuid.UUID | None) -> Tariff:
    """R-HIER-05: a customer is never created without a tariff of its parent's."""
    stmt = select(Tariff).where(Tariff.owner_id == parent_id)
    stmt = stmt.where(Tariff.id == tariff_id) if tariff_id else stmt.where(Tariff.is_default)
    tariff = await session.scalar(stmt)
    if tariff is None:
        reason = "is not one of your tariffs" if tariff_id else "is required: you have no default tariff"
        raise ValidationFailed.field("tariff_id", reason, rule="R-HIER-05")
    return tariff


CREDIT_INCREASE_TIMER = "credit_limit.temporary_increase"


async def set_credit_limit(
    session: AsyncSession,
    customer_id: uuid.UUID,
    amount: Decimal,
    currency: str,
    *,
    principal: Principal,
    if_match: str | None = None,
) -> Customer:
    customer = await _billed_customer(session, customer_id, principal)
    check_version(if_match, customer.version, "customer")
    customer.credit_limit_usd = to_usd(amount, await usd_per_unit(session, currency))
    await _limit_changed(session, customer, "set")
    return customer


async def raise_credit_limit_until(
    session: AsyncSession,
    customer_id: uuid.UUID,
    amount: Decimal,
    currency: str,
    expires_at: datetime,
    *,
    principal: Principal,
    now: datetime,
) -> Customer:
    """A temporary increase: the limit goes up now and back down by the same amount when it expires."""
    if expires_at <= now:
        raise ValidationFailed.field("expires_at", "must be in the future")
    customer = await _billed_customer(session, customer_id, principal)
    increase = to_usd(amount, await usd_per_unit(session, currency))
    customer.credit_limit_usd += increase
    await schedule_timer(
        session,
        CREDIT_INCREASE_TIMER,
        str(customer.id),
        expires_at,
        {"customer_id": str(customer.id), "increase_usd": f"{increase:f}"},
    )
    await _limit_changed(session, customer, "temporary_increase", expires_at=expires_at.isoformat())
    return customer


async def on_increase_expired(session: AsyncSession, timer: Row[Any]) -> None:
    customer = await session.get(Customer, uuid.UUID(timer.payload["customer_id"]), with_for_update=True)
    if customer is None:
        return
    customer.credit_limit_usd = max(Decimal(0), customer.credit_limit_usd - Decimal(timer.payload["increase_usd"]))
    await _limit_changed(session, customer, "temporary_increase_expired")


async def _limit_changed(session: AsyncSession, customer: Customer, reason: str, expires_at: str | None = None) -> None:
    await session.flush()
    event = CreditLimitChanged(
        **tenancy(customer), credit_limit_usd=f"{customer.credit_limit_usd:f}", reason=reason, expires_at=expires_at
    )
    await emit(session, event)
