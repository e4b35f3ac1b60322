"""Keeps the lists current: downloads each configured publisher feed on a schedule and imports what changed."""

from __future__ import annotations

import asyncio

import httpx
import structlog

from rpl_screening.list_version.formats import ListFeed, parse
from rpl_screening.list_version.service import ListVersionService
from servicekit import Runtime

log = structlog.get_logger()


class FeedRefresher:
    def __init__(self, feeds: list[ListFeed], versions: ListVersionService, *, timeout: float = 120.0) -> None:
        self.feeds = feeds
        self.versions = versions
        self.timeout = timeout

    async def refresh_once(self, runtime: Runtime) -> list[str]:
        """Fetch every feed and import the ones whose content changed; answers the labels imported.

        A feed that cannot be fetched or parsed is logged and skipped: its current version stays active.
        """
        imported = []
        async with httpx.AsyncClient(timeout=self.timeout, follow_redirects=True) as http:
            for feed in self.feeds:
                try:
                    files = await asyncio.gather(
                        *(self._get(http, u) for u in (feed.url, feed.addresses_url, feed.aliases_url))
                    )
                    parsed = await asyncio.to_thread(parse, feed.format, *files)  # type: ignore[arg-type]
                    version, created = await self.versions.import_list(runtime.sessionmaker, parsed, origin="feed")
                except Exception as exc:
                    log.warning("lists.feed_failed", url=feed.url, error=str(exc)[:500] or type(exc).__name__)
                    continue
                if created:
                    imported.append(version.label)
        return imported

    async def run(self, runtime: Runtime, every_seconds: float) -> None:
        while True:
            await self.refresh_once(runtime)
            await asyncio.sleep(every_seconds)

    @staticmethod
    async def _get(http: httpx.AsyncClient, url: str | None) -> bytes | None:
        if url is None:
            return None
        response = await http.get(url)
        response.raise_for_status()
        return response.content
