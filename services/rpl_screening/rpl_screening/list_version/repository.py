"""All SQL on list versions: platform data, the same for every tenant."""

from __future__ import annotations

import uuid
from collections.abc import Sequence

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from rpl_screening.models import ListVersion
from servicekit import PageRequest, paginate


class ListVersionRepository:
    def __init__(self, session: AsyncSession) -> None:
        self.session = session

    async def get(self, version_id: uuid.UUID) -> ListVersion | None:
        return await self.session.get(ListVersion, version_id)

    async def by_label(self, label: str) -> ListVersion | None:
        return await self.session.scalar(select(ListVersion).where(ListVersion.label == label))

    async def latest(self, source: str) -> ListVersion | None:
        stmt = select(ListVersion).where(ListVersion.source == source).order_by(ListVersion.loaded_at.desc())
        return await self.session.scalar(stmt.limit(1))

    async def list(self, page: PageRequest, *, source: str | None = None) -> Sequence[ListVersion]:
        stmt = select(ListVersion)
        if source:
            stmt = stmt.where(ListVersion.source == source)
        return (await self.session.scalars(paginate(stmt, ListVersion.created_at, ListVersion.id, page))).all()

    async def add(self, version: ListVersion) -> ListVersion:
        self.session.add(version)
        await self.session.flush()
        return version
