"""The publishers' file formats an import accepts, each turned into a ParsedList by its parser."""

from __future__ import annotations

from collections.abc import Callable
from enum import StrEnum

from pydantic import BaseModel

from rpl_screening.list_formats.csl import parse_bis_dpl, parse_csl
from rpl_screening.list_formats.model import ListFormatError, ParsedList
from rpl_screening.list_formats.ofac import parse_ofac_consolidated, parse_ofac_sdn, parse_sdn_joined_jsonl
from rpl_screening.list_formats.un import parse_un_xml


class ListFormat(StrEnum):
    OFAC_SDN_CSV = "ofac_sdn_csv"  # SDN.CSV, with ADD.CSV as `addresses` and ALT.CSV as `aliases`
    OFAC_SDN_JSONL = "ofac_sdn_jsonl"  # the SDN with aliases and addresses joined, one entity per line
    OFAC_CONSOLIDATED_CSV = "ofac_consolidated_csv"  # CONS_PRIM.CSV (+ CONS_ADD, CONS_ALT)
    UN_XML = "un_xml"  # the UN Security Council consolidated list
    CSL = "csl"  # trade.gov Consolidated Screening List, CSV or JSON
    BIS_DPL = "bis_dpl"  # BIS Denied Persons List, tab-separated


PARSERS: dict[ListFormat, Callable[[bytes, bytes | None, bytes | None], ParsedList]] = {
    ListFormat.OFAC_SDN_CSV: parse_ofac_sdn,
    ListFormat.OFAC_SDN_JSONL: lambda main, _a, _b: parse_sdn_joined_jsonl(main),
    ListFormat.OFAC_CONSOLIDATED_CSV: parse_ofac_consolidated,
    ListFormat.UN_XML: lambda main, _a, _b: parse_un_xml(main),
    ListFormat.CSL: lambda main, _a, _b: parse_csl(main),
    ListFormat.BIS_DPL: lambda main, _a, _b: parse_bis_dpl(main),
}


def parse(fmt: ListFormat, main: bytes, addresses: bytes | None = None, aliases: bytes | None = None) -> ParsedList:
    """The parsed list; ListFormatError names the file, row and fault when the input is not that format."""
    parsed = PARSERS[fmt](main, addresses, aliases)
    if not parsed.entries:
        raise ListFormatError(f"{fmt}: the file holds no entries")
    return parsed


class ListFeed(BaseModel):
    """Where a publisher puts its list; the OFAC CSV formats come as three files."""

    format: ListFormat
    url: str
    addresses_url: str | None = None
    aliases_url: str | None = None
