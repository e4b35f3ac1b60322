"""List versions, their diffs and their entries, as providers and reviewers read them."""

from __future__ import annotations

import uuid
from datetime import datetime

from pydantic import BaseModel, ConfigDict, Field

from rpl_screening import examples


class ListVersionRead(BaseModel):
    model_config = ConfigDict(from_attributes=True, json_schema_extra={"examples": [examples.LIST_VERSION_READ]})

    id: uuid.UUID
    source: str = Field(description="`ofac_sdn`, `ofac_cons`, `un`, `csl` or `bis_dpl`")
    label: str = Field(description="`<source>@<checksum prefix>`: what every screening records (R-RPL-06)")
    checksum: str = Field(description="sha256 of the imported file(s)")
    entry_count: int
    published: str | None
    origin: str = Field(description="`startup`, `upload` or `feed`")
    previous_label: str | None
    counts: dict[str, int] = Field(description="Entries added, removed and changed since the previous version")
    imported_at: datetime = Field(validation_alias="loaded_at")


class ListDiffRead(BaseModel):
    model_config = ConfigDict(from_attributes=True, json_schema_extra={"examples": [examples.LIST_DIFF]})

    version: str = Field(validation_alias="label")
    previous_version: str | None = Field(
        validation_alias="previous_label", description="None for the first version of a source: all added"
    )
    added: list[str] = Field(description="Entry uids new in this version")
    removed: list[str]
    changed: list[str] = Field(description="Entry uids whose names, aliases, addresses or programs changed")


class AddressRead(BaseModel):
    model_config = ConfigDict(from_attributes=True)

    street: str | None
    city: str | None
    country: str | None


class ListEntryRead(BaseModel):
    model_config = ConfigDict(from_attributes=True, json_schema_extra={"examples": [examples.LIST_ENTRY]})

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
