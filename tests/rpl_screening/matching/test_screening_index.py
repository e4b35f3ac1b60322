"""R-RPL-05 behaviour of the index over the real SDN, consolidated and UN lists; R-RPL-06 explanations."""

from __future__ import annotations

import threading

from rpl_screening.matching import Match, ScreeningIndex, Thresholds

REVIEW = Thresholds().review


def _top(index: ScreeningIndex, name: str, *, country: str | None = None, kind: str | None = None) -> Match:
    found = index.screen(name, country=country, kind=kind)
    assert found, name
    return found[0]


def test_index_counts_entries_of_all_loaded_lists(index: ScreeningIndex) -> None:
    assert len(index) == 19_249 + 442 + 1_003


def test_abbreviated_legal_form_matches(index: ScreeningIndex) -> None:
    hit = _top(index, "LUKOIL OIL COMP")
    assert (hit.uid, hit.score) == ("17248", 1.0)
    assert hit.matched_alias
    assert hit.matched_name == "LUKOIL OIL COMPANY"


def test_legal_form_changed_or_dropped_still_matches(index: ScreeningIndex) -> None:
    for query in ("Blue Lagoon Group Limited", "BLUE LAGOON GROUP", "Blue Lagoon Grp"):
        assert _top(index, query).uid == "23665", query


def test_joined_and_reordered_words_match(index: ScreeningIndex) -> None:
    assert _top(index, "JSCARGUMENT").uid == "37447"
    assert _top(index, "ARGUMENTJSC").uid == "37447"
    assert _top(index, "AEROCARIBBEAN").uid == "36"
    assert _top(index, "Dmitry Yuryevich KHOROSHEV").uid == "48603"


def test_cyrillic_and_typo_queries_match(index: ScreeningIndex) -> None:
    assert _top(index, "Владимир Путин", kind="individual").uid == "35096"
    assert _top(index, "ROSNEFFT").uid == "17022"


def test_original_script_alias_from_the_un_list_matches(index: ScreeningIndex) -> None:
    hit = _top(index, "صدام حسين التكريتي", kind="individual")
    assert hit.source == "un"
    assert hit.matched_alias
    assert hit.score >= REVIEW


def test_generic_words_alone_do_not_alert(index: ScreeningIndex) -> None:
    for query in (
        "Corp",
        "The Bridgespan Group",
        "A-B-C Company",
        "emma daniels",
        "BELLETECH CORP",
        "Siemens",
    ):
        assert not index.screen(query, min_score=REVIEW), query


def test_a_number_and_an_initial_alone_do_not_alert_but_the_exact_name_does(index: ScreeningIndex) -> None:
    # R-RPL-05: 'PIMCO 1' shares only '1' and the initial 'P' with the UN entry '1-P'.
    assert not index.screen("PIMCO 1", min_score=REVIEW)
    assert [m.matched_name for m in index.screen("1-P", min_score=REVIEW)][:1] == ["“1-P”"]


def test_country_qualifier_is_applied_and_recorded(index: ScreeningIndex) -> None:
    plain = _top(index, "IRAN AIR")
    same = _top(index, "IRAN AIR", country="Iran")
    other = _top(index, "IRAN AIR", country="DE")
    assert "country_match:IR" in same.qualifiers
    assert "country_mismatch:-0.05" in other.qualifiers
    assert other.score < plain.score


def test_each_match_explains_itself(index: ScreeningIndex) -> None:
    hit = _top(index, "NPK FOTONIKA LIMITED LIABILITY COMP", country="RU")
    assert hit.source == "ofac_sdn"
    assert hit.entry_type == "entity"
    assert "RU" in hit.countries
    assert {"query_coverage", "entry_coverage", "name"} <= hit.parts.keys()
    assert "legal_form_stripped:LLC" in hit.qualifiers


def test_kind_restricts_the_entry_types(index: ScreeningIndex) -> None:
    assert all(m.entry_type == "individual" for m in index.screen("PUTIN", kind="individual"))
    assert all(m.entry_type != "individual" for m in index.screen("PUTIN", kind="entity"))


def test_screen_entries_limits_to_given_entries(index: ScreeningIndex) -> None:
    found = index.screen_entries("LUKOIL", uids={("ofac_sdn", "17248"), ("ofac_sdn", "36")})
    assert [m.uid for m in found] == ["17248"]


def test_concurrent_screenings_agree(index: ScreeningIndex) -> None:
    queries = ["LUKOIL", "Blue Lagoon Grp", "JSCARGUMENT", "Hital Xchange"] * 10
    expected = {q: [m.uid for m in index.screen(q)] for q in set(queries)}
    errors: list[str] = []

    def run(q: str) -> None:
        if [m.uid for m in index.screen(q)] != expected[q]:
            errors.append(q)

    threads = [threading.Thread(target=run, args=(q,)) for q in queries]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert not errors
