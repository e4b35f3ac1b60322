"""All SQL on the data-locality map (platform data: a plain session, no tenancy)."""

from __future__ import annotations

from collections.abc import Sequence

from sqlalchemy import delete, select
from sqlalchemy.ext.asyncio import AsyncSession

from cc_setup.locality.models import DataLocality


class DataLocalityRepository:
    def __init__(self, session: AsyncSession) -> None:
        self.session = session

    async def get(self, country: str, *, for_update: bool = False) -> DataLocality | None:
        stmt = select(DataLocality).where(DataLocality.country == country)
        if for_update:
            stmt = stmt.with_for_update()
        return await self.session.scalar(stmt)

    async def list(self, *, region: str | None = None, data_center: str | None = None) -> Sequence[DataLocality]:
        stmt = select(DataLocality).order_by(DataLocality.country)
        if region is not None:
            stmt = stmt.where(DataLocality.region == region)
        if data_center is not None:
            stmt = stmt.where(DataLocality.data_center == data_center)
        return (await self.session.scalars(stmt)).all()

    async def add(self, row: DataLocality) -> DataLocality:
        self.session.add(row)
        await self.session.flush()
        return row

    async def remove(self, country: str) -> None:
        await self.session.execute(delete(DataLocality).where(DataLocality.country == country))
