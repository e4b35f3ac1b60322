"""Importing a list file: parsed, staged and committed in a transaction of its own, and only then put in force."""

from __future__ import annotations

import asyncio

import structlog
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from rpl_screening.list_formats import ListFormat, ListFormatError, parse
from rpl_screening.list_version.errors import InvalidListFile
from rpl_screening.list_version.service import ListVersionService
from rpl_screening.matching import ScreeningEngine
from rpl_screening.models import ListVersion

log = structlog.get_logger()


class ListImporter:
    """Serves the upload endpoint and the feed refresher; each hands it the service's sessionmaker to commit with."""

    def __init__(self, *, versions: ListVersionService, engine: ScreeningEngine) -> None:
        self.versions = versions
        self.engine = engine
        self._lock = asyncio.Lock()  # one import at a time: each diffs against the version in force before it

    async def import_files(
        self,
        sessionmaker: async_sessionmaker[AsyncSession],
        fmt: ListFormat,
        main: bytes,
        addresses: bytes | None = None,
        aliases: bytes | None = None,
        *,
        origin: str,
    ) -> tuple[ListVersion, bool]:
        """The version and whether it is new; a file that does not parse changes nothing."""
        try:
            parsed = await asyncio.to_thread(parse, fmt, main, addresses, aliases)
        except ListFormatError as exc:
            raise InvalidListFile(fmt, exc) from exc
        async with self._lock:
            # This import commits by itself, unlike a service in a request: the new index may serve screenings
            # only once its version and re-screening are durable, and a failure must leave the old one in force.
            async with sessionmaker.begin() as session:
                staged = await self.versions.stage(session, parsed, origin=origin)
            if staged.engine is None:
                return staged.version, False
            self.engine.adopt(staged.engine)  # committed: from now on every screening uses the new version
        version = staged.version
        log.info(
            "lists.imported",
            version=version.label,
            added=len(version.added),
            removed=len(version.removed),
            changed=len(version.changed),
            customers_flagged=staged.flagged,
        )
        return version, True
