"""Keeps the lists current: downloads each configured publisher feed on a schedule and imports what changed."""

from __future__ import annotations

import asyncio

import httpx
import structlog
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from rpl_screening.list_formats import ListFeed
from rpl_screening.list_version.importer import ListImporter

log = structlog.get_logger()


class FeedRefresher:
    """A background loop: each import commits by itself through the importer, with the service's sessionmaker."""

    def __init__(self, feeds: list[ListFeed], importer: ListImporter, *, timeout: float = 120.0) -> None:
        self.feeds = feeds
        self.importer = importer
        self.timeout = timeout

    async def refresh_once(self, sessionmaker: async_sessionmaker[AsyncSession]) -> list[str]:
        """Fetch every feed and import the ones whose content changed; answers the labels imported.

        A feed that cannot be fetched or parsed is logged and skipped: its current version stays active.
        """
        imported = []
        async with httpx.AsyncClient(timeout=self.timeout, follow_redirects=True) as http:
            for feed in self.feeds:
                try:
                    main, addresses, aliases = await asyncio.gather(
                        _get(http, feed.url),
                        _get_optional(http, feed.addresses_url),
                        _get_optional(http, feed.aliases_url),
                    )
                    version, created = await self.importer.import_files(
                        sessionmaker, feed.format, main, addresses, aliases, origin="feed"
                    )
                except Exception as exc:
                    log.warning("lists.feed_failed", url=feed.url, error=str(exc)[:500] or type(exc).__name__)
                    continue
                if created:
                    imported.append(version.label)
        return imported

    async def run(self, sessionmaker: async_sessionmaker[AsyncSession], every_seconds: float) -> None:
        while True:
            await self.refresh_once(sessionmaker)
            await asyncio.sleep(every_seconds)


async def _get(http: httpx.AsyncClient, url: str) -> bytes:
    response = await http.get(url)
    response.raise_for_status()
    return response.content


async def _get_optional(http: httpx.AsyncClient, url: str | None) -> bytes | None:
    return None if url is None else await _get(http, url)
