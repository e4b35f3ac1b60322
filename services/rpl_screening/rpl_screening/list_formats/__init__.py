"""The publishers' list files: each format parsed into a ParsedList, and where the feeds publish them."""

from rpl_screening.list_formats.countries import to_iso2
from rpl_screening.list_formats.csl import parse_bis_dpl, parse_csl
from rpl_screening.list_formats.formats import ListFeed, ListFormat, parse
from rpl_screening.list_formats.loader import load_default_lists
from rpl_screening.list_formats.model import (
    ENTRY_TYPES,
    Address,
    ListDiff,
    ListEntry,
    ListFormatError,
    ParsedList,
    diff_lists,
)
from rpl_screening.list_formats.ofac import (
    parse_ofac_consolidated,
    parse_ofac_sdn,
    parse_sdn_joined_jsonl,
    parse_sdn_kindrat,
)
from rpl_screening.list_formats.un import parse_un_xml

__all__ = [
    "ENTRY_TYPES",
    "Address",
    "ListDiff",
    "ListEntry",
    "ListFeed",
    "ListFormat",
    "ListFormatError",
    "ParsedList",
    "diff_lists",
    "load_default_lists",
    "parse",
    "parse_bis_dpl",
    "parse_csl",
    "parse_ofac_consolidated",
    "parse_ofac_sdn",
    "parse_sdn_joined_jsonl",
    "parse_sdn_kindrat",
    "parse_un_xml",
    "to_iso2",
]
