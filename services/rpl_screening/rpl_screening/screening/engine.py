"""The loaded lists and their index, held in memory; screenings ask it and record its versions."""

from __future__ import annotations

import asyncio
from dataclasses import dataclass, field
from pathlib import Path

import structlog

from rpl_screening.lists import ParsedList, load_default_lists
from rpl_screening.matching import Match, ScreeningIndex, Thresholds

log = structlog.get_logger()


def version_label(parsed: ParsedList) -> str:
    return f"{parsed.source}@{parsed.checksum[:12]}"


@dataclass
class ScreeningEngine:
    threshold: float = field(default_factory=lambda: Thresholds().review)
    max_matches: int = 10
    index: ScreeningIndex | None = None
    lists: tuple[ParsedList, ...] = ()

    @property
    def loaded(self) -> bool:
        return self.index is not None and len(self.index) > 0

    @property
    def versions(self) -> tuple[str, ...]:
        return tuple(version_label(p) for p in self.lists)

    def load(self, lists: list[ParsedList]) -> None:
        index = ScreeningIndex.build(lists)
        self.index, self.lists = index, tuple(lists)  # swapped whole, so a screening sees one version set
        log.info("lists.loaded", versions=self.versions, entries=len(index))

    async def load_directory(self, folder: Path) -> None:
        lists = await asyncio.to_thread(load_default_lists, folder)
        await asyncio.to_thread(self.load, lists)

    def screen(self, name: str, *, country: str | None, address: str | None) -> list[Match]:
        """Possible matches at or above the review threshold, best first."""
        assert self.index is not None
        return self.index.screen(
            name, country=country, address=address, limit=self.max_matches, min_score=self.threshold
        )
