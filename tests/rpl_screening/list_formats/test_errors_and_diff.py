"""Malformed input fails loudly with file, row and fault; diff_lists drives re-screening (R-RPL-06)."""

from __future__ import annotations

import pytest

from rpl_screening.list_formats import (
    ListEntry,
    ListFormatError,
    ParsedList,
    diff_lists,
    parse_bis_dpl,
    parse_csl,
    parse_ofac_sdn,
    parse_sdn_joined_jsonl,
    parse_sdn_kindrat,
    parse_un_xml,
)


def test_sdn_row_with_missing_columns_names_the_row() -> None:
    good = b'36,"AEROCARIBBEAN AIRLINES",-0- ,"CUBA",-0- ,-0- ,-0- ,-0- ,-0- ,-0- ,-0- ,-0- \r\n'
    data = good + b'37,"BROKEN"\r\n\x1a'
    with pytest.raises(ListFormatError, match=r"SDN.CSV row 2: expected 12 columns, got 2"):
        parse_ofac_sdn(data)


def test_sdn_non_numeric_ent_num_is_rejected() -> None:
    with pytest.raises(ListFormatError, match="is not a number"):
        parse_ofac_sdn(b'X1,"NAME",-0- ,"CUBA",-0- ,-0- ,-0- ,-0- ,-0- ,-0- ,-0- ,-0- \r\n')


def test_kindrat_csv_with_another_header_is_rejected() -> None:
    with pytest.raises(ListFormatError, match="header"):
        parse_sdn_kindrat(b"id,full_name\n1,X\n")


def test_jsonl_bad_line_names_the_line() -> None:
    good = b'{"uid": 1, "name": "A", "type": "entity"}\n'
    with pytest.raises(ListFormatError, match="line 2"):
        parse_sdn_joined_jsonl(good + b"{not json\n")


def test_un_xml_must_be_the_consolidated_list() -> None:
    with pytest.raises(ListFormatError, match="root element"):
        parse_un_xml(b"<OTHER/>")
    with pytest.raises(ListFormatError, match="not well-formed"):
        parse_un_xml(b"<CONSOLIDATED_LIST><INDIVIDUALS>")


def test_csl_and_dpl_headers_are_checked() -> None:
    with pytest.raises(ListFormatError, match="header lacks"):
        parse_csl(b"a,b\n1,2\n")
    with pytest.raises(ListFormatError, match='"results"'):
        parse_csl(b'{"items": []}')
    with pytest.raises(ListFormatError, match="header lacks"):
        parse_bis_dpl(b"Name\tCity\nX\tY\n")


def _list(*entries: ListEntry) -> ParsedList:
    return ParsedList("ofac_sdn", entries, "0" * 64, None)


def test_diff_reports_added_removed_and_changed_uids() -> None:
    a = ListEntry("1", "ofac_sdn", "ALPHA", "entity")
    b = ListEntry("2", "ofac_sdn", "BRAVO", "entity")
    c = ListEntry("3", "ofac_sdn", "CHARLIE", "entity")
    b_renamed = ListEntry("2", "ofac_sdn", "BRAVO", "entity", aliases=("BRAVO LTD",))
    d = ListEntry("10", "ofac_sdn", "DELTA", "individual")
    diff = diff_lists(_list(a, b, c), _list(a, b_renamed, d))
    assert (diff.added, diff.removed, diff.changed) == (("10",), ("3",), ("2",))
    assert diff_lists(_list(a), _list(a)).empty
