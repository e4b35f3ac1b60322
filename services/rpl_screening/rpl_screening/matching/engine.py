"""The lists in force and their index, held in memory; screenings ask it and record its versions."""

from __future__ import annotations

import asyncio
from dataclasses import dataclass
from pathlib import Path

import structlog

from rpl_screening.list_formats import ListEntry, ParsedList, load_default_lists
from rpl_screening.matching.index import ScreeningIndex
from rpl_screening.matching.qualifiers import Match, Thresholds

log = structlog.get_logger()


def version_label(parsed: ParsedList) -> str:
    return f"{parsed.source}@{parsed.checksum[:12]}"


@dataclass
class ScreeningEngine:
    threshold: float | None = None  # None: the matcher's tuned default, set when lists are first loaded
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
        if self.threshold is None:
            self.threshold = Thresholds().review
        index = ScreeningIndex.build(lists)
        self.index, self.lists = index, tuple(lists)  # swapped whole, so a screening sees one version set
        log.info("lists.loaded", versions=self.versions, entries=len(index))

    async def load_directory(self, folder: Path) -> None:
        lists = await asyncio.to_thread(load_default_lists, folder)
        await asyncio.to_thread(self.load, lists)

    def current(self, source: str) -> ParsedList | None:
        return next((p for p in self.lists if p.source == source), None)

    def replaced(self, parsed: ParsedList) -> ScreeningEngine:
        """An engine with a new version of one source (the others stay), its index rebuilt; self is untouched."""
        updated = ScreeningEngine(threshold=self.threshold, max_matches=self.max_matches)
        updated.load([*(p for p in self.lists if p.source != parsed.source), parsed])
        return updated

    def adopt(self, other: ScreeningEngine) -> None:
        # Swapped whole: a screening sees one version set. The threshold comes along because an engine that
        # started with no list has none until its first list arrives.
        self.index, self.lists, self.threshold = other.index, other.lists, other.threshold

    def entry(self, source: str, uid: str) -> ListEntry | None:
        listed = self.current(source)
        return next((e for e in listed.entries if e.uid == uid), None) if listed else None

    def screen(self, name: str, *, country: str | None, address: str | None, kind: str | None = None) -> list[Match]:
        """Possible matches at or above the review threshold, best first."""
        assert self.index is not None
        return self.index.screen(
            name, country=country, address=address, kind=kind, limit=self.max_matches, min_score=self.threshold
        )

    def screen_changed(
        self, name: str, uids: set[tuple[str, str]], *, country: str | None, address: str | None
    ) -> list[Match]:
        """Possible matches among the given (source, uid) entries only: re-screening after a list update."""
        assert self.index is not None
        return self.index.screen_entries(
            name, uids=uids, country=country, address=address, limit=self.max_matches, min_score=self.threshold
        )
