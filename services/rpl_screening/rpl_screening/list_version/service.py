"""Importing a list version: record it with its diff, swap it into the index, re-screen what changed."""

from __future__ import annotations

import asyncio
from collections.abc import Sequence
from typing import Any

import structlog
from sqlalchemy import select
from sqlalchemy.dialects.postgresql import distinct_on
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from contracts.enums import ReviewCaseState
from rpl_screening.lists import ParsedList, diff_lists
from rpl_screening.models import ListVersion, ReviewCase, Screening
from rpl_screening.screening.engine import ScreeningEngine, version_label
from rpl_screening.screening.service import ScreeningService, one_line

log = structlog.get_logger()


class ListVersionService:
    def __init__(self, engine: ScreeningEngine, screenings: ScreeningService) -> None:
        self.engine = engine
        self.screenings = screenings
        self._lock = asyncio.Lock()  # one import at a time: each diffs against the one before

    async def record_loaded(self, session: AsyncSession) -> None:
        """The versions loaded at start-up (the first of each source, or a new file since the last run)."""
        for parsed in self.engine.lists:
            if await self._by_label(session, version_label(parsed)) is None:
                previous = await self._latest(session, parsed.source)
                session.add(self._version(parsed, "startup", previous_label=previous.label if previous else None))

    async def import_list(
        self, sessionmaker: async_sessionmaker[AsyncSession], parsed: ParsedList, *, origin: str
    ) -> tuple[ListVersion, bool]:
        """The version and whether it is new; an unchanged file is not imported twice."""
        label = version_label(parsed)
        async with self._lock:
            async with sessionmaker.begin() as session:
                previous = self.engine.current(parsed.source)
                if previous is not None and version_label(previous) == label:
                    existing = await self._by_label(session, label)
                    if existing is not None:
                        return existing, False
                diff = diff_lists(previous, parsed) if previous else None
                version = self._version(
                    parsed,
                    origin,
                    previous_label=version_label(previous) if previous else None,
                    added=list(diff.added) if diff else [e.uid for e in parsed.entries],
                    removed=list(diff.removed) if diff else [],
                    changed=list(diff.changed) if diff else [],
                )
                session.add(version)
                await session.flush()
                # Re-screened with the new index before it is adopted: a failure leaves the old version active.
                updated = await asyncio.to_thread(self.engine.replaced, parsed)
                flagged = await self._rescreen(session, updated, {*version.added, *version.changed}, label)
            self.engine.adopt(updated)  # committed: from now on every screening uses the new version
        log.info(
            "lists.imported",
            version=label,
            added=len(version.added),
            removed=len(version.removed),
            changed=len(version.changed),
            customers_flagged=flagged,
        )
        return version, True

    async def _rescreen(self, session: AsyncSession, updated: ScreeningEngine, uids: set[str], label: str) -> int:
        """Continuous screening: every screened customer against the added and changed entries only."""
        if not uids:
            return 0
        source = label.split("@", 1)[0]
        keys = {(source, uid) for uid in uids}
        flagged = 0
        for latest in await self._latest_screenings(session):
            party: dict[str, Any] = latest.party
            address = party.get("address") or {}
            found = updated.screen_changed(
                party["name"], keys, country=address.get("country"), address=one_line(address)
            )
            if found:
                await self.screenings.record_list_match(session, latest, found, label, updated.versions)
                flagged += 1
        return flagged

    async def _latest_screenings(self, session: AsyncSession) -> Sequence[Screening]:
        """Each customer's latest screening, unless a review case of the customer is still open."""
        open_case = select(ReviewCase.customer_id).where(ReviewCase.state == ReviewCaseState.OPEN)
        stmt = (
            select(Screening)
            .where(Screening.customer_id.not_in(open_case))
            .order_by(Screening.customer_id, Screening.created_at.desc())
            .ext(distinct_on(Screening.customer_id))
        )
        return (await session.scalars(stmt)).all()

    async def _by_label(self, session: AsyncSession, label: str) -> ListVersion | None:
        return await session.scalar(select(ListVersion).where(ListVersion.label == label))

    async def _latest(self, session: AsyncSession, source: str) -> ListVersion | None:
        stmt = select(ListVersion).where(ListVersion.source == source).order_by(ListVersion.loaded_at.desc())
        return await session.scalar(stmt.limit(1))

    @staticmethod
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
