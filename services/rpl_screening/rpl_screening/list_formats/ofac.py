"""OFAC SDN and consolidated non-SDN lists: the official CSV files and the two SDN packagings we hold."""

from __future__ import annotations

import csv
import io
import re
from collections import defaultdict
from collections.abc import Iterator

import orjson

from rpl_screening.list_formats.countries import to_iso2
from rpl_screening.list_formats.model import (
    Address,
    ListEntry,
    ListFormatError,
    ParsedList,
    checksum,
    decode,
    dedupe,
)

_EMPTY = "-0-"
_PRIM_COLUMNS = 12  # ent_num, name, type, program, title, call sign, vessel type, tonnage, GRT, flag, owner, remarks
_TYPES = {
    "individual": "individual",
    "vessel": "vessel",
    "aircraft": "aircraft",
    "entity": "entity",
    "": "entity",
}
# Remarks carry nationality/citizenship of individuals; an address country alone misses them.
_REMARK_COUNTRY = re.compile(r"\b(?:nationality|citizen)\s+([A-Z][A-Za-z ,.'()-]+?)\s*(?:;|\.$|$)")


def _rows(data: bytes, what: str, columns: int | tuple[int, ...]) -> Iterator[tuple[int, list[str]]]:
    """Rows of an official OFAC file with '-0-' turned into ''; wrong column counts are format errors."""
    allowed = (columns,) if isinstance(columns, int) else columns
    reader = csv.reader(io.StringIO(decode(data, what), newline=""))
    for line, row in enumerate(reader, start=1):
        if not row or (len(row) == 1 and not row[0].strip()):
            continue
        if len(row) not in allowed:
            raise ListFormatError(f"{what} row {line}: expected {allowed[0]} columns, got {len(row)}: {row[:3]!r}")
        cells = [c.strip() for c in row]
        if not cells[0].isdigit():
            raise ListFormatError(f"{what} row {line}: ent_num {cells[0]!r} is not a number")
        yield line, ["" if c == _EMPTY else c for c in cells]


def _programs(raw: str) -> tuple[str, ...]:
    # SDN.CSV writes several programs as "SDGT] [IRGC"; the packagings use "; ".
    return tuple(p for p in (x.strip(" []") for x in re.split(r"\]\s*\[|;", raw)) if p)


def _remark_countries(remarks: str) -> list[str]:
    return [c for c in (to_iso2(m.group(1)) for m in _REMARK_COUNTRY.finditer(remarks)) if c]


def _unique(items: list[str]) -> tuple[str, ...]:
    return tuple(dict.fromkeys(i for i in items if i))


def parse_ofac_sdn(
    sdn: bytes, add: bytes | None = None, alt: bytes | None = None, *, source: str = "ofac_sdn"
) -> ParsedList:
    """Official SDN.CSV (+ ADD.CSV addresses, ALT.CSV aliases joined on ent_num)."""
    what = "SDN.CSV" if source == "ofac_sdn" else "CONS_PRIM.CSV"
    addresses: dict[str, list[Address]] = defaultdict(list)
    if add is not None:
        for _, (ent, _num, street, city, country, _remarks) in _rows(add, what.replace("SDN", "ADD"), 6):
            if street or city or country:
                addresses[ent].append(Address(street or None, city or None, to_iso2(country)))
    aliases: dict[str, list[str]] = defaultdict(list)
    if alt is not None:
        for line, (ent, _num, _kind, name, _remarks) in _rows(alt, what.replace("SDN", "ALT"), 5):
            if not name:
                raise ListFormatError(f"ALT row {line}: alias of ent_num {ent} has no name")
            aliases[ent].append(name)
    entries = []
    for line, cells in _rows(sdn, what, _PRIM_COLUMNS):
        ent, name, kind, program, remarks = cells[0], cells[1], cells[2].lower(), cells[3], cells[11]
        if not name:
            raise ListFormatError(f"{what} row {line}: ent_num {ent} has no name")
        if kind not in _TYPES:
            raise ListFormatError(f"{what} row {line}: unknown SDN type {cells[2]!r}")
        places = addresses.get(ent, [])
        countries = [a.country for a in places if a.country] + _remark_countries(remarks)
        entries.append(
            ListEntry(
                uid=ent,
                source=source,
                name=name,
                entry_type=_TYPES[kind],
                aliases=dedupe(aliases.get(ent, []), name),
                addresses=tuple(places),
                countries=_unique(countries),
                programs=_programs(program),
                remarks=remarks or None,
            )
        )
    return ParsedList(source, tuple(entries), checksum(sdn, add, alt), None)


def parse_ofac_consolidated(prim: bytes, add: bytes | None = None, alt: bytes | None = None) -> ParsedList:
    """OFAC's consolidated non-SDN list: the SDN file layout under other names."""
    return parse_ofac_sdn(prim, add, alt, source="ofac_cons")


def parse_sdn_kindrat(csv_bytes: bytes) -> ParsedList:
    """The kindrat86 packaging: header uid,name,type,programs,alternate_names ('; '-separated)."""
    what = "kindrat SDN CSV"
    reader = csv.DictReader(io.StringIO(decode(csv_bytes, what), newline=""))
    expected = ["uid", "name", "type", "programs", "alternate_names"]
    if reader.fieldnames != expected:
        raise ListFormatError(f"{what}: header {reader.fieldnames!r}, expected {expected!r}")
    entries = []
    for line, row in enumerate(reader, start=2):
        if None in row or any(row[k] is None for k in expected):
            raise ListFormatError(f"{what} row {line}: expected {len(expected)} columns")
        uid, name, kind = row["uid"].strip(), row["name"].strip(), row["type"].strip().lower()
        if not uid.isdigit() or not name or kind not in _TYPES:
            raise ListFormatError(f"{what} row {line}: bad uid/name/type {uid!r}, {name!r}, {kind!r}")
        alts = [a.strip() for a in row["alternate_names"].split(";")]
        entries.append(
            ListEntry(
                uid=uid,
                source="ofac_sdn",
                name=name,
                entry_type=_TYPES[kind],
                aliases=dedupe(alts, name),
                programs=_programs(row["programs"]),
            )
        )
    return ParsedList("ofac_sdn", tuple(entries), checksum(csv_bytes), None)


def parse_sdn_joined_jsonl(jsonl_bytes: bytes) -> ParsedList:
    """One JSON object per SDN entry with aliases, addresses and countries already joined on ent_num."""
    what = "SDN joined JSONL"
    entries = []
    for line, raw in enumerate(decode(jsonl_bytes, what).splitlines(), start=1):
        if not raw.strip():
            continue
        try:
            obj = orjson.loads(raw)
            uid, name, kind = str(obj["uid"]), str(obj["name"]).strip(), str(obj["type"]).lower()
            alias_objs, address_objs = obj.get("aliases") or [], obj.get("addresses") or []
            places = tuple(
                Address(a.get("address"), a.get("city_state_postal"), to_iso2(a.get("country"))) for a in address_objs
            )
            alias_names = [str(a["name"]).strip() for a in alias_objs if a.get("name")]
            country_names = [to_iso2(c) for c in obj.get("countries") or []]
            programs = tuple(str(p) for p in obj.get("programs") or [])
        except (orjson.JSONDecodeError, KeyError, TypeError, AttributeError) as exc:
            raise ListFormatError(f"{what} line {line}: {type(exc).__name__}: {exc}") from exc
        if not name or kind not in _TYPES:
            raise ListFormatError(f"{what} line {line}: uid {uid} has no name or unknown type {kind!r}")
        countries = [c for c in country_names if c] + [a.country for a in places if a.country]
        entries.append(
            ListEntry(
                uid=uid,
                source="ofac_sdn",
                name=name,
                entry_type=_TYPES[kind],
                aliases=dedupe(alias_names, name),
                addresses=places,
                countries=_unique(countries),
                programs=programs,
            )
        )
    return ParsedList("ofac_sdn", tuple(entries), checksum(jsonl_bytes), None)
