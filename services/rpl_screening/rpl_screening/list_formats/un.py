"""UN Security Council consolidated list (XML), with original-script names kept as aliases."""

from __future__ import annotations

import io
import xml.etree.ElementTree as ET

from rpl_screening.list_formats.countries import to_iso2
from rpl_screening.list_formats.model import Address, ListEntry, ListFormatError, ParsedList, checksum, dedupe

_NAME_PARTS = ("FIRST_NAME", "SECOND_NAME", "THIRD_NAME", "FOURTH_NAME")
_KINDS = {"INDIVIDUAL": "individual", "ENTITY": "entity"}


def _text(elem: ET.Element, tag: str) -> str:
    found = elem.find(tag)
    return " ".join((found.text or "").split()) if found is not None else ""


def _entry(elem: ET.Element, kind: str) -> ListEntry:
    uid = _text(elem, "DATAID")
    name = " ".join(p for p in (_text(elem, t) for t in _NAME_PARTS) if p)
    if not uid or not name:
        raise ListFormatError(f"UN XML: {elem.tag} {uid or '(no DATAID)'} has no DATAID or name")
    tag = elem.tag
    aliases = [_text(a, "ALIAS_NAME") for a in elem.findall(f"{tag}_ALIAS")]
    original = _text(elem, "NAME_ORIGINAL_SCRIPT")  # R-RPL-05: a customer may give the name in its own script
    if original:
        aliases.append(original)
    addresses = []
    for a in elem.findall(f"{tag}_ADDRESS"):
        street = _text(a, "STREET")
        city = ", ".join(p for p in (_text(a, "CITY"), _text(a, "STATE_PROVINCE")) if p)
        country = _text(a, "COUNTRY")
        if street or city or country:
            addresses.append(Address(street or None, city or None, to_iso2(country)))
    nationalities = [to_iso2(v.text) for v in elem.findall("NATIONALITY/VALUE")]
    countries = [c for c in nationalities if c] + [a.country for a in addresses if a.country]
    program = _text(elem, "UN_LIST_TYPE")
    return ListEntry(
        uid=uid,
        source="un",
        name=name,
        entry_type=kind,
        aliases=dedupe([a for a in aliases if a], name),
        addresses=tuple(addresses),
        countries=tuple(dict.fromkeys(countries)),
        programs=(program,) if program else (),
        remarks=_text(elem, "COMMENTS1") or None,
    )


def parse_un_xml(xml_bytes: bytes) -> ParsedList:
    """Streamed with iterparse so a large list does not hold the whole tree at once."""
    entries: list[ListEntry] = []
    published: str | None = None
    root_seen = False
    try:
        for event, elem in ET.iterparse(io.BytesIO(xml_bytes), events=("start", "end")):
            if event == "start":
                if not root_seen:
                    root_seen = True
                    if elem.tag != "CONSOLIDATED_LIST":
                        raise ListFormatError(f"UN XML: root element is <{elem.tag}>, expected <CONSOLIDATED_LIST>")
                    published = elem.get("dateGenerated")
                continue
            if elem.tag in _KINDS:
                entries.append(_entry(elem, _KINDS[elem.tag]))
                elem.clear()
    except ET.ParseError as exc:
        raise ListFormatError(f"UN XML: not well-formed: {exc}") from exc
    return ParsedList("un", tuple(entries), checksum(xml_bytes), published)
