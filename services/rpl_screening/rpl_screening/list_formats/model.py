"""What every list parser produces, whatever the publisher's format."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass

ENTRY_TYPES = frozenset({"entity", "individual", "vessel", "aircraft", "unknown"})


class ListFormatError(ValueError):
    """The input is not the format the parser was asked to read; the message names file, row and fault."""


@dataclass(frozen=True, slots=True)
class Address:
    street: str | None
    city: str | None
    country: str | None  # ISO 3166 alpha-2 when derivable, else None


@dataclass(frozen=True, slots=True)
class ListEntry:
    uid: str  # stable within its source (OFAC ent_num, UN DATAID, CSL _id ...)
    source: str  # "ofac_sdn" | "ofac_cons" | "un" | "csl" | "bis_dpl"
    name: str
    entry_type: str  # one of ENTRY_TYPES
    aliases: tuple[str, ...] = ()
    addresses: tuple[Address, ...] = ()
    countries: tuple[str, ...] = ()  # ISO alpha-2
    programs: tuple[str, ...] = ()
    remarks: str | None = None


@dataclass(frozen=True)
class ParsedList:
    source: str
    entries: tuple[ListEntry, ...]
    checksum: str  # sha256 of the input bytes: the list version recorded with each screening (R-RPL-06)
    published: str | None


@dataclass(frozen=True)
class ListDiff:
    added: tuple[str, ...]
    removed: tuple[str, ...]
    changed: tuple[str, ...]

    @property
    def empty(self) -> bool:
        return not (self.added or self.removed or self.changed)


def checksum(*parts: bytes | None) -> str:
    digest = hashlib.sha256()
    for part in parts:
        if part is not None:
            digest.update(part)
    return digest.hexdigest()


def diff_lists(old: ParsedList, new: ParsedList) -> ListDiff:
    """Uids added, removed and changed between two versions, so only changed entries are re-screened."""
    before = {e.uid: e for e in old.entries}
    after = {e.uid: e for e in new.entries}
    added = tuple(sorted(after.keys() - before.keys(), key=_uid_order))
    removed = tuple(sorted(before.keys() - after.keys(), key=_uid_order))
    changed = tuple(sorted((u for u in after.keys() & before.keys() if after[u] != before[u]), key=_uid_order))
    return ListDiff(added=added, removed=removed, changed=changed)


def _uid_order(uid: str) -> tuple[int, str]:
    return (int(uid), "") if uid.isdigit() else (1 << 62, uid)


def dedupe(names: list[str], primary: str) -> tuple[str, ...]:
    """Aliases once each, without the primary name, in list order."""
    seen = {primary.casefold()}
    out: list[str] = []
    for name in names:
        key = name.casefold()
        if name and key not in seen:
            seen.add(key)
            out.append(name)
    return tuple(out)


def decode(data: bytes, what: str) -> str:
    """Publisher files are UTF-8, but OFAC's consolidated files carry stray Windows-1252 bytes."""
    if not isinstance(data, bytes | bytearray):
        raise ListFormatError(f"{what}: expected bytes, got {type(data).__name__}")
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        text = data.decode("cp1252", errors="replace")
    return text.rstrip("\x1a")  # OFAC ends its CSV files with a DOS end-of-file byte
