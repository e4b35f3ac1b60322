"""All SQL on tariffs and the ledger (rows of a customer, seen through the tenant) and on exchange rates
(managed data of the platform)."""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from datetime import datetime
from decimal import Decimal

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from customers.billing.models import ExchangeRate, LedgerEntry, Tariff
from customers.customer.repository import CustomerOwnedRepository
from servicekit import PageRequest, paginate


class TariffRepository(CustomerOwnedRepository):
    async def own(self, owner_id: uuid.UUID, tariff_id: uuid.UUID) -> Tariff | None:
        stmt = select(Tariff).where(
            self.of_tenant(Tariff.owner_id), Tariff.id == tariff_id, Tariff.owner_id == owner_id
        )
        return await self.session.scalar(stmt)

    async def list_own(self, owner_id: uuid.UUID, page: PageRequest) -> Sequence[Tariff]:
        stmt = select(Tariff).where(self.of_tenant(Tariff.owner_id), Tariff.owner_id == owner_id)
        return (await self.session.scalars(paginate(stmt, Tariff.created_at, Tariff.id, page))).all()

    async def defaults(self, owner_id: uuid.UUID) -> Sequence[Tariff]:
        stmt = select(Tariff).where(self.of_tenant(Tariff.owner_id), Tariff.owner_id == owner_id, Tariff.is_default)
        return (await self.session.scalars(stmt)).all()

    async def named_or_default(self, owner_id: uuid.UUID, tariff_id: uuid.UUID | None) -> Tariff | None:
        """The owner's tariff `tariff_id`, or its default tariff when none is named."""
        stmt = select(Tariff).where(self.of_tenant(Tariff.owner_id), Tariff.owner_id == owner_id)
        stmt = stmt.where(Tariff.id == tariff_id) if tariff_id else stmt.where(Tariff.is_default)
        return await self.session.scalar(stmt)

    async def add(self, tariff: Tariff) -> Tariff:
        self.session.add(tariff)
        await self.session.flush()
        await self.session.refresh(tariff)
        return tariff


class LedgerRepository(CustomerOwnedRepository):
    async def add(self, entry: LedgerEntry) -> LedgerEntry:
        self.session.add(entry)
        await self.session.flush()
        return entry

    async def list(self, customer_id: uuid.UUID, page: PageRequest) -> Sequence[LedgerEntry]:
        stmt = select(LedgerEntry).where(
            self.of_tenant(LedgerEntry.customer_id), LedgerEntry.customer_id == customer_id
        )
        return (await self.session.scalars(paginate(stmt, LedgerEntry.created_at, LedgerEntry.id, page))).all()


class ExchangeRateRepository:
    """The managed rates (R-HIER-07): the platform's data, the same for every tenant."""

    def __init__(self, session: AsyncSession) -> None:
        self.session = session

    async def get(self, currency: str) -> ExchangeRate | None:
        return await self.session.get(ExchangeRate, currency)

    async def all(self) -> Sequence[ExchangeRate]:
        return (await self.session.scalars(select(ExchangeRate).order_by(ExchangeRate.currency))).all()

    async def currencies(self) -> list[str]:
        return sorted(await self.session.scalars(select(ExchangeRate.currency)))

    async def put(self, currency: str, usd_per_unit: Decimal, updated_at: datetime) -> ExchangeRate:
        rate = await self.get(currency) or ExchangeRate(currency=currency)
        rate.usd_per_unit = usd_per_unit
        rate.updated_at = updated_at
        self.session.add(rate)
        await self.session.flush()
        return rate
