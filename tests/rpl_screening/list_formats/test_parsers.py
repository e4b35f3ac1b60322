"""Every list format in the shared data parses, with counts as the data README states them."""

from __future__ import annotations

from collections import Counter
from pathlib import Path

from rpl_screening.list_formats import (
    load_default_lists,
    parse_bis_dpl,
    parse_csl,
    parse_ofac_consolidated,
    parse_ofac_sdn,
    parse_sdn_joined_jsonl,
    parse_sdn_kindrat,
    parse_un_xml,
    to_iso2,
)


def test_kindrat_csv_has_every_sdn_entry_by_type(data_dir: Path) -> None:
    parsed = parse_sdn_kindrat((data_dir / "ofac/sdn_2026-08-20_kindrat86.csv").read_bytes())
    assert len(parsed.entries) == 19_249
    assert Counter(e.entry_type for e in parsed.entries) == {
        "entity": 9_871,
        "individual": 7_502,
        "vessel": 1_534,
        "aircraft": 342,
    }
    by_uid = {e.uid: e for e in parsed.entries}
    assert by_uid["36"].aliases == ("AERO-CARIBBEAN",)
    assert len(by_uid["2677"].aliases) == 5  # '; '-separated alternate names
    assert parsed.source == "ofac_sdn"
    assert len(parsed.checksum) == 64


def test_official_sdn_csv_joins_addresses_and_aliases_by_ent_num(data_dir: Path) -> None:
    parsed = parse_ofac_sdn(
        (data_dir / "ofac/sdn_2024-05-03_raw.csv").read_bytes(),
        (data_dir / "ofac/add_2026-06_raw.csv").read_bytes(),
        (data_dir / "ofac/alt_2026-06_raw.csv").read_bytes(),
    )
    assert len(parsed.entries) == 14_965
    bnc = next(e for e in parsed.entries if e.uid == "306")
    assert bnc.name == "BANCO NACIONAL DE CUBA"
    assert "NATIONAL BANK OF CUBA" in bnc.aliases
    assert {"CH", "ES", "JP", "PA"} <= set(bnc.countries)
    assert bnc.remarks == "a.k.a. 'BNC'."  # '-0-' is empty, and the trailing 0x1A is gone
    assert all(e.entry_type in {"entity", "individual", "vessel", "aircraft"} for e in parsed.entries)


def test_joined_jsonl_is_the_richest_sdn_file(data_dir: Path) -> None:
    parsed = parse_sdn_joined_jsonl((data_dir / "ofac/sdn_entities_joined_2026-08.jsonl").read_bytes())
    assert len(parsed.entries) == 19_249
    assert sum(1 for e in parsed.entries if e.addresses) == 18_830
    assert sum(len(e.aliases) for e in parsed.entries) > 19_000
    rosneft = next(e for e in parsed.entries if e.uid == "17022")
    assert "RU" in rosneft.countries


def test_consolidated_non_sdn_list(data_dir: Path) -> None:
    parsed = parse_ofac_consolidated(
        (data_dir / "ofac/cons_prim_2025-12_raw.csv").read_bytes(),
        (data_dir / "ofac/cons_add_2025-12_raw.csv").read_bytes(),
        (data_dir / "ofac/cons_alt_2025-12_raw.csv").read_bytes(),
    )
    assert parsed.source == "ofac_cons"
    assert len(parsed.entries) == 442
    haniya = next(e for e in parsed.entries if e.uid == "9639")
    assert haniya.entry_type == "individual"
    assert "HANIYYA, Ismaeel" in haniya.aliases


def test_un_xml_keeps_original_script_names_as_aliases(data_dir: Path) -> None:
    parsed = parse_un_xml((data_dir / "other_lists/un_consolidated_2026-02-27.xml").read_bytes())
    assert Counter(e.entry_type for e in parsed.entries) == {"individual": 730, "entity": 273}
    assert parsed.published == "2026-02-27T00:00:09.554Z"
    arabic = [a for e in parsed.entries for a in e.aliases if any("\u0600" <= ch <= "\u06ff" for ch in a)]
    assert len(arabic) > 300
    adf = next(e for e in parsed.entries if e.name == "ADF")
    assert "Allied Democratic Forces" in adf.aliases
    assert adf.countries == ("CD",)


def test_csl_csv_in_both_headers(data_dir: Path) -> None:
    old = parse_csl((data_dir / "csl/csl_sample_115rows_2019.csv").read_bytes())
    new = parse_csl((data_dir / "csl/csl_sample_13rows_2023plus.csv").read_bytes())
    assert len(old.entries) == 115
    assert len(new.entries) == 13
    canada = next(e for e in old.entries if e.name == "2904977 CANADA, INC.")
    assert canada.aliases == ("CARIBE SOL", "HAVANTUR CANADA INC.")
    assert canada.countries == ("CA",)
    assert len({e.uid for e in new.entries}) == 13


def test_csl_json_results_format() -> None:
    data = (
        b'{"results": [{"id": "abc", "source": "Entity List (EL) - Bureau of Industry and Security",'
        b' "name": "Huawei Technologies Co., Ltd.", "type": "Entity", "alt_names": ["Huawei"],'
        b' "addresses": [{"address": "Bantian", "city": "Shenzhen", "country": "CN"}], "programs": []}]}'
    )
    (entry,) = parse_csl(data).entries
    assert (entry.uid, entry.entry_type, entry.aliases, entry.countries) == (
        "abc",
        "entity",
        ("Huawei",),
        ("CN",),
    )


def test_bis_denied_persons_tsv(data_dir: Path) -> None:
    parsed = parse_bis_dpl((data_dir / "csl/bis_dpl_2022-09.tsv").read_bytes())
    assert len(parsed.entries) == 581
    assert parsed.entries[0].name == "I. ASH"


def test_default_lists_skip_absent_files(data_dir: Path, tmp_path: Path) -> None:
    assert [p.source for p in load_default_lists(data_dir)] == ["ofac_sdn", "ofac_cons", "un"]
    assert load_default_lists(tmp_path) == []


def test_list_country_spellings_map_to_iso() -> None:
    spellings = ["Russia", "Iran", "Korea, North", "Burma", "Congo, Democratic Republic of the", "Germany"]
    assert [to_iso2(s) for s in spellings] == ["RU", "IR", "KP", "MM", "CD", "DE"]
    assert to_iso2("undetermined") is None
    assert to_iso2("Atlantis") is None
