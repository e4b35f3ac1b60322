"""The lists the embedded stack loads at start-up, read from a configured folder."""

from __future__ import annotations

from pathlib import Path

from rpl_screening.list_formats.model import ParsedList
from rpl_screening.list_formats.ofac import parse_ofac_consolidated, parse_sdn_joined_jsonl
from rpl_screening.list_formats.un import parse_un_xml

SDN_JOINED = "ofac/sdn_entities_joined_2026-08.jsonl"
CONS = ("ofac/cons_prim_2025-12_raw.csv", "ofac/cons_add_2025-12_raw.csv", "ofac/cons_alt_2025-12_raw.csv")
UN_XML = "other_lists/un_consolidated_2026-02-27.xml"


def _read(path: Path) -> bytes | None:
    return path.read_bytes() if path.is_file() else None


def load_default_lists(data_dir: Path) -> list[ParsedList]:
    """SDN (joined jsonl), OFAC consolidated and UN; a file that is absent is skipped, not an error."""
    lists: list[ParsedList] = []
    if (sdn := _read(data_dir / SDN_JOINED)) is not None:
        lists.append(parse_sdn_joined_jsonl(sdn))
    prim, add, alt = (_read(data_dir / name) for name in CONS)
    if prim is not None:
        lists.append(parse_ofac_consolidated(prim, add, alt))
    if (un := _read(data_dir / UN_XML)) is not None:
        lists.append(parse_un_xml(un))
    return lists
