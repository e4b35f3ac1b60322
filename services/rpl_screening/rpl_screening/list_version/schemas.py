"""List versions, their diffs and their entries, as providers and reviewers read them."""

from __future__ import annotations

import uuid
from datetime import datetime

from pydantic import BaseModel, Field

from rpl_screening.lists import ListEntry
from rpl_screening.models import ListVersion


class ListVersionRead(BaseModel):
    id: uuid.UUID
    source: str = Field(description="`ofac_sdn`, `ofac_cons`, `un`, `csl` or `bis_dpl`")
    label: str = Field(description="`<source>@<checksum prefix>`: what every screening records (R-RPL-06)")
    checksum: str = Field(description="sha256 of the imported file(s)")
    entry_count: int
    published: str | None
    origin: str = Field(description="`startup`, `upload` or `feed`")
    previous_label: str | None
    counts: dict[str, int] = Field(description="Entries added, removed and changed since the previous version")
    imported_at: datetime

    @classmethod
    def of(cls, version: ListVersion) -> ListVersionRead:
        return cls(
            id=version.id,
            source=version.source,
            label=version.label,
            checksum=version.checksum,
            entry_count=version.entry_count,
            published=version.published,
            origin=version.origin,
            previous_label=version.previous_label,
            counts={"added": len(version.added), "removed": len(version.removed), "changed": len(version.changed)},
            imported_at=version.loaded_at,
        )


class ListDiffRead(BaseModel):
    version: str
    previous_version: str | None = Field(description="None for the first version of a source: all added")
    added: list[str] = Field(description="Entry uids new in this version")
    removed: list[str]
    changed: list[str] = Field(description="Entry uids whose names, aliases, addresses or programs changed")


class AddressRead(BaseModel):
    street: str | None
    city: str | None
    country: str | None


class ListEntryRead(BaseModel):
    source: str
    uid: str
    list_version: str
    name: str
    entry_type: str
    aliases: list[str]
    addresses: list[AddressRead]
    countries: list[str]
    programs: list[str]
    remarks: str | None

    @classmethod
    def of(cls, entry: ListEntry, version: str) -> ListEntryRead:
        return cls(
            source=entry.source,
            uid=entry.uid,
            list_version=version,
            name=entry.name,
            entry_type=entry.entry_type,
            aliases=list(entry.aliases),
            addresses=[AddressRead(street=a.street, city=a.city, country=a.country) for a in entry.addresses],
            countries=list(entry.countries),
            programs=list(entry.programs),
            remarks=entry.remarks,
        )
