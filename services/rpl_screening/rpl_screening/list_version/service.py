"""List versions: each import recorded with its diff and re-screened before it is put in force (R-RPL-06)."""

from __future__ import annotations

import asyncio
import uuid
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession

from rpl_screening.list_formats import ListEntry, ParsedList, diff_lists
from rpl_screening.list_version.errors import ListEntryNotFound, ListVersionNotFound
from rpl_screening.list_version.repository import ListVersionRepository
from rpl_screening.matching import ScreeningEngine, version_label
from rpl_screening.models import ListVersion
from rpl_screening.screening.service import ScreeningService
from servicekit import PageRequest


@dataclass(frozen=True)
class StagedImport:
    """An import written but not committed: `engine` is what to put in force once it is, None if nothing new."""

    version: ListVersion
    engine: ScreeningEngine | None = None
    flagged: int = 0  # customers the new entries flagged for review


class ListVersionService:
    def __init__(self, *, engine: ScreeningEngine, screenings: ScreeningService) -> None:
        self.engine = engine
        self.screenings = screenings

    async def record_loaded(self, session: AsyncSession) -> None:
        """The versions loaded at start-up (the first of each source, or a new file since the last run)."""
        repo = ListVersionRepository(session)
        # Replicas starting together record the same versions: one at a time, the later ones find them recorded.
        await session.execute(select(func.pg_advisory_xact_lock(func.hashtext("list_versions.record_loaded"))))
        for parsed in self.engine.lists:
            if await repo.by_label(version_label(parsed)) is None:
                previous = await repo.latest(parsed.source)
                await repo.add(_version(parsed, "startup", previous_label=previous.label if previous else None))

    async def list(
        self, session: AsyncSession, page: PageRequest, *, source: str | None = None
    ) -> Sequence[ListVersion]:
        return await ListVersionRepository(session).list(page, source=source)

    async def get(self, session: AsyncSession, version_id: uuid.UUID) -> ListVersion:
        version = await ListVersionRepository(session).get(version_id)
        if version is None:
            raise ListVersionNotFound(version_id)
        return version

    def active_entry(self, source: str, uid: str) -> tuple[ListEntry, str]:
        """The entry on the version of its list in force, and that version's label."""
        listed = self.engine.current(source)
        entry = self.engine.entry(source, uid)
        if listed is None or entry is None:
            raise ListEntryNotFound(source, uid)
        return entry, version_label(listed)

    async def stage(self, session: AsyncSession, parsed: ParsedList, *, origin: str) -> StagedImport:
        """Record a new version with its diff and re-screen what it changed; an unchanged file is not imported twice."""
        repo = ListVersionRepository(session)
        label = version_label(parsed)
        previous = self.engine.current(parsed.source)
        if previous is not None and version_label(previous) == label:
            existing = await repo.by_label(label)
            if existing is not None:
                return StagedImport(existing)
        diff = diff_lists(previous, parsed) if previous else None
        version = await repo.add(
            _version(
                parsed,
                origin,
                previous_label=version_label(previous) if previous else None,
                added=list(diff.added) if diff else [e.uid for e in parsed.entries],
                removed=list(diff.removed) if diff else [],
                changed=list(diff.changed) if diff else [],
            )
        )
        # Re-screened with the new index before it is adopted: a failure leaves the old version active.
        updated = await asyncio.to_thread(self.engine.replaced, parsed)
        changed = {(parsed.source, uid) for uid in (*version.added, *version.changed)}
        flagged = await self.screenings.rescreen(session, updated, changed, label)
        return StagedImport(version, updated, flagged)


def _version(parsed: ParsedList, origin: str, **fields: Any) -> ListVersion:
    return ListVersion(
        source=parsed.source,
        label=version_label(parsed),
        checksum=parsed.checksum,
        entry_count=len(parsed.entries),
        published=parsed.published,
        origin=origin,
        **fields,
    )
