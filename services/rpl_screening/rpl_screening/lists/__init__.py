"""Restricted-party list parsers: each publisher format in, ParsedList out."""

from rpl_screening.lists.countries import to_iso2
from rpl_screening.lists.csl import parse_bis_dpl, parse_csl
from rpl_screening.lists.loader import load_default_lists
from rpl_screening.lists.model import (
    ENTRY_TYPES,
    Address,
    ListDiff,
    ListEntry,
    ListFormatError,
    ParsedList,
    diff_lists,
)
from rpl_screening.lists.ofac import (
    parse_ofac_consolidated,
    parse_ofac_sdn,
    parse_sdn_joined_jsonl,
    parse_sdn_kindrat,
)
from rpl_screening.lists.un import parse_un_xml

__all__ = [
    "ENTRY_TYPES",
    "Address",
    "ListDiff",
    "ListEntry",
    "ListFormatError",
    "ParsedList",
    "diff_lists",
    "load_default_lists",
    "parse_bis_dpl",
    "parse_csl",
    "parse_ofac_consolidated",
    "parse_ofac_sdn",
    "parse_sdn_joined_jsonl",
    "parse_sdn_kindrat",
    "parse_un_xml",
    "to_iso2",
]
