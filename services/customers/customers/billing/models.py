"""Tariffs, exchange rates and the balance ledger (R-HIER-05..08). Money is Decimal, stored as NUMERIC."""

from __future__ import annotations

import uuid
from datetime import datetime
from decimal import Decimal

from sqlalchemy import DateTime, ForeignKey, Index, Numeric, String, func
from sqlalchemy.orm import Mapped, mapped_column

from customers.models import Base

MONEY = Numeric(20, 4)
RATE = Numeric(20, 10)


class Tariff(Base):
    """A rate plan a customer owns and assigns to its own children (R-HIER-05)."""

    __tablename__ = "tariffs"
    __table_args__ = (Index("ix_tariffs_owner_created", "owner_id", "created_at", "id"),)

    id: Mapped[uuid.UUID] = mapped_column(primary_key=True, default=uuid.uuid4)
    owner_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("customers.id"))
    name: Mapped[str] = mapped_column(String(200))
    currency: Mapped[str] = mapped_column(String(3))
    description: Mapped[str | None] = mapped_column(String(2000))
    is_default: Mapped[bool] = mapped_column(default=False)  # assigned when a create names no tariff
    version: Mapped[int] = mapped_column(default=1)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), server_default=func.now())

    __mapper_args__ = {"version_id_col": version}


class ExchangeRate(Base):
    """Managed data (R-HIER-07): how many US dollars one unit of the currency is worth."""

    __tablename__ = "exchange_rates"

    currency: Mapped[str] = mapped_column(String(3), primary_key=True)
    usd_per_unit: Mapped[Decimal] = mapped_column(RATE)
    updated_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), server_default=func.now())


class LedgerEntry(Base):
    """One balance transaction, append-only (R-HIER-08): never updated, never deleted."""

    __tablename__ = "ledger_entries"
    __table_args__ = (Index("ix_ledger_customer_created", "customer_id", "created_at", "id"),)

    id: Mapped[uuid.UUID] = mapped_column(primary_key=True, default=uuid.uuid4)
    customer_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("customers.id"))
    kind: Mapped[str] = mapped_column(String(20))  # opening | debit | credit | add_funds
    amount: Mapped[Decimal] = mapped_column(MONEY)  # positive, in `currency`
    currency: Mapped[str] = mapped_column(String(3))
    usd_per_unit: Mapped[Decimal] = mapped_column(RATE)  # the rate in force
    amount_usd: Mapped[Decimal] = mapped_column(MONEY)  # signed effect on the balance
    balance_usd: Mapped[Decimal] = mapped_column(MONEY)  # the resulting balance
    notes: Mapped[str | None] = mapped_column(String(2000))
    actor: Mapped[str] = mapped_column(String(200))
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), server_default=func.now())
