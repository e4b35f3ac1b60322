"""trade.gov Consolidated Screening List (CSV, both headers, and JSON) and the BIS Denied Persons List."""

from __future__ import annotations

import csv
import hashlib
import io
import re
from typing import Any

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

_CSL_REQUIRED = {"source", "entity_number", "type", "programs", "name", "addresses", "alt_names"}
_DPL_REQUIRED = {"Name", "Street_Address", "City", "State", "Country"}
_TYPES = {"entity": "entity", "individual": "individual", "vessel": "vessel", "aircraft": "aircraft"}


def _split(value: str | None) -> list[str]:
    return [p.strip() for p in (value or "").split(";") if p.strip()]


def _csv_address(raw: str) -> Address:
    # "street, city, state, postal, CC": the trailing two-letter code is the country.
    parts = [p.strip() for p in raw.split(",") if p.strip()]
    country = to_iso2(parts[-1]) if parts and len(parts[-1]) == 2 else None
    if country:
        parts = parts[:-1]
    street = ", ".join(parts[:-1]) if len(parts) > 1 else None
    city = parts[-1] if parts else None
    return Address(street or None, city, country)


def _uid(row: dict[str, Any]) -> str:
    # The 2019 export has no _id: fall back to the list's own number, else a digest of the row's identity.
    if row.get("_id") or row.get("id"):
        return str(row.get("_id") or row.get("id"))
    abbrev = re.search(r"\(([A-Z]+)\)", row.get("source") or "")
    if row.get("entity_number"):
        return f"{abbrev.group(1) if abbrev else 'CSL'}-{row['entity_number']}"
    identity = f"{row.get('source')}|{row.get('name')}|{row.get('addresses')}".encode()
    return hashlib.sha1(identity).hexdigest()[:20]


def _csl_entry(row: dict[str, Any], addresses: list[Address], aliases: list[str], where: str) -> ListEntry:
    name = " ".join(str(row.get("name") or "").split())
    if not name:
        raise ListFormatError(f"{where}: entry has no name")
    nationals = [to_iso2(c) for key in ("citizenships", "nationalities") for c in _as_list(row.get(key))]
    countries = [c for c in nationals if c] + [a.country for a in addresses if a.country]
    source_list = str(row.get("source") or "")
    programs = _as_list(row.get("programs"))
    return ListEntry(
        uid=_uid(row),
        source="csl",
        name=name,
        entry_type=_TYPES.get(str(row.get("type") or "").strip().lower(), "unknown"),
        aliases=dedupe(aliases, name),
        addresses=tuple(addresses),
        countries=tuple(dict.fromkeys(countries)),
        programs=tuple(programs) or ((source_list,) if source_list else ()),
        remarks=str(row.get("remarks") or "") or None,
    )


def _as_list(value: Any) -> list[str]:
    if isinstance(value, list):
        return [str(v).strip() for v in value if v]
    return _split(value)


def _parse_csl_json(data: bytes) -> list[ListEntry]:
    try:
        doc = orjson.loads(data)
    except orjson.JSONDecodeError as exc:
        raise ListFormatError(f"CSL JSON: not valid JSON: {exc}") from exc
    results = doc.get("results") if isinstance(doc, dict) else None
    if not isinstance(results, list):
        raise ListFormatError('CSL JSON: expected an object with a "results" array')
    entries = []
    for n, row in enumerate(results):
        if not isinstance(row, dict):
            raise ListFormatError(f"CSL JSON results[{n}]: expected an object")
        addresses = [
            Address(a.get("address") or None, a.get("city") or None, to_iso2(a.get("country")))
            for a in row.get("addresses") or []
            if isinstance(a, dict)
        ]
        entries.append(_csl_entry(row, addresses, _as_list(row.get("alt_names")), f"CSL JSON results[{n}]"))
    return entries


def _parse_csl_csv(text: str) -> list[ListEntry]:
    reader = csv.DictReader(io.StringIO(text, newline=""))
    missing = _CSL_REQUIRED - set(reader.fieldnames or ())
    if missing:
        raise ListFormatError(f"CSL CSV: header lacks {sorted(missing)}; got {reader.fieldnames!r}")
    entries = []
    for line, row in enumerate(reader, start=2):
        if None in row:
            raise ListFormatError(f"CSL CSV row {line}: more cells than the header has columns")
        addresses = [_csv_address(a) for a in _split(row["addresses"])]
        entries.append(_csl_entry(row, addresses, _split(row["alt_names"]), f"CSL CSV row {line}"))
    return entries


def parse_csl(data: bytes) -> ParsedList:
    """trade.gov consolidated.csv (2019 or 2023+ header) or consolidated.json ({"results": [...]})."""
    text = decode(data, "CSL")
    entries = _parse_csl_json(data) if text.lstrip().startswith("{") else _parse_csl_csv(text)
    return ParsedList("csl", tuple(entries), checksum(data), None)


def parse_bis_dpl(tsv: bytes) -> ParsedList:
    """BIS Denied Persons List, tab-separated with a header row; one row per denied party and address."""
    reader = csv.DictReader(io.StringIO(decode(tsv, "BIS DPL"), newline=""), delimiter="\t")
    missing = _DPL_REQUIRED - set(reader.fieldnames or ())
    if missing:
        raise ListFormatError(f"BIS DPL: header lacks {sorted(missing)}; got {reader.fieldnames!r}")
    entries = []
    for line, row in enumerate(reader, start=2):
        if None in row:
            raise ListFormatError(f"BIS DPL row {line}: more cells than the header has columns")
        name = " ".join((row["Name"] or "").split())
        if not name:
            raise ListFormatError(f"BIS DPL row {line}: no name")
        city = ", ".join(p for p in ((row["City"] or "").strip(), (row["State"] or "").strip()) if p)
        address = Address((row["Street_Address"] or "").strip() or None, city or None, to_iso2(row["Country"]))
        identity = f"{name}|{row.get('Effective_Date')}|{row.get('FR_Citation')}".encode()
        entries.append(
            ListEntry(
                uid=hashlib.sha1(identity).hexdigest()[:20],  # the DPL publishes no identifier
                source="bis_dpl",
                name=name,
                entry_type="unknown",  # persons and companies share the file without a type column
                addresses=(address,),
                countries=(address.country,) if address.country else (),
                programs=("DPL",),
                remarks=(row.get("Action") or None),
            )
        )
    return ParsedList("bis_dpl", tuple(entries), checksum(tsv), None)
