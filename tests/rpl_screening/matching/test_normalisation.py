"""R-RPL-05: names compare equal across case, punctuation, diacritics, scripts, legal forms, abbreviations."""

from __future__ import annotations

from rpl_screening.matching import Vocabulary, analyse, explain_pair, fold, score_pair
from rpl_screening.matching.vocab import load_vocabulary


def test_fold_removes_case_punctuation_and_diacritics() -> None:
    assert fold("Société Générale, S.A.") == "societe generale sa"
    assert fold("O'Brien & Sons") == "obrien and sons"
    assert fold("A.I.C. SOGO") == "aic sogo"


def test_fold_transliterates_other_scripts() -> None:
    assert fold("Владимир Путин") == "vladimir putin"
    assert fold("习近平") == "xi jin ping"  # one word per ideograph
    assert fold("김정은") == "kim jong un"  # Hangul towards the spellings the lists use ('gim jeong eun' in RR)
    assert fold("박지성") == "pak ji song"


def test_legal_forms_are_stripped_from_the_ends_and_recorded(vocab: Vocabulary) -> None:
    form = analyse("NPK FOTONIKA LIMITED LIABILITY COMP", vocab, person=False)
    assert form.tokens == ("npk", "fotonika")
    assert [f.label for f in form.legal] == ["LLC"]
    assert analyse("OOO Vektor", vocab, person=False).tokens == ("vektor",)


def test_legal_form_glued_to_the_name_is_split_off(vocab: Vocabulary) -> None:
    assert analyse("ARGUMENTJSC", vocab, person=False).tokens == ("argument",)


def test_a_name_that_is_only_a_legal_form_keeps_its_words(vocab: Vocabulary) -> None:
    assert analyse("AT&T Inc.", vocab, person=False).tokens == ("att",)
    assert analyse("BT Group plc", vocab, person=False).tokens == ("bt", "group")


def test_a_legal_form_written_in_several_words_is_stripped_whole(vocab: Vocabulary) -> None:
    form = analyse("FABERLIC EUROPE Sp. z o.o.", vocab, person=False)
    assert form.tokens == ("faberlic", "europe")
    assert [f.label for f in form.legal] == ["Sp. z o.o."]


def test_numbers_in_words_ordinals_and_roman_numerals_compare_as_digits(vocab: Vocabulary) -> None:
    assert analyse("Brigade Forty-Four", vocab, person=False).tokens == ("brigade", "44")
    assert analyse("1st International Bank", vocab, person=False).tokens[0] == "1"
    assert score_pair("First International Bank", "1st International Bank", "entity", vocab=vocab) == 1.0
    assert score_pair("Three Percenters", "3 Percenters", "entity", vocab=vocab) == 1.0
    # A series member is not its sibling: 'Fund VIII' is 'Fund 8', not 'Fund 9'.
    assert score_pair("Apollo Investment Fund VIII L.P.", "Apollo Investment Fund IX L.P.", "entity", vocab=vocab) < 0.8


def test_vowelless_arabic_and_hebrew_transliterations_meet_the_latin_spelling(vocab: Vocabulary) -> None:
    # R-RPL-05 transliteration: anyascii writes محمد as 'mhmd'; its consonants are those of 'Mohamed'.
    assert score_pair("خالد محمود", "Khaled Mahmoud", "individual", vocab=vocab) >= 0.8
    assert score_pair("أحمد حسن", "Ahmed Hassan", "individual", vocab=vocab) >= 0.8
    assert score_pair("Tom Reed", "MICHIELSEN, Tom R.D.", "individual", vocab=vocab) < 0.8  # initials are not that


def test_country_abbreviations_and_written_out_initials_expand(vocab: Vocabulary) -> None:
    assert score_pair("U.S. Department of State", "United States Department of State", "entity", vocab=vocab) == 1.0
    assert score_pair("IRANIAN OIL CO (U K ) LTD", "IRANIAN OIL COMPANY (U.K.) LIMITED", "entity", vocab=vocab) == 1.0
    assert score_pair("3%ers", "Three Percenters", "entity", vocab=vocab) >= 0.8


def test_letters_joined_by_and_are_one_name(vocab: Vocabulary) -> None:
    assert score_pair("H&M Hennes & Mauritz AB", "H and M Hennes and Mauritz AB", "entity", vocab=vocab) == 1.0
    assert score_pair("AT&T Inc.", "AT and T Inc.", "entity", vocab=vocab) >= 0.9


def test_business_abbreviations_expand(vocab: Vocabulary) -> None:
    assert analyse("Guangzhou Haige Comm Grp Intl", vocab, person=False).tokens == (
        "guangzhou",
        "haige",
        "communications",
        "group",
        "international",
    )


def test_person_titles_are_dropped_but_not_legal_words(vocab: Vocabulary) -> None:
    form = analyse("AL ZAWAHIRI, Dr. Ayman", vocab, person=True)
    assert form.tokens == ("al", "zawahiri", "ayman")
    assert form.titles == ("dr",)


def test_fallback_vocabulary_works_without_the_rigour_files() -> None:
    fallback = load_vocabulary(None)
    assert analyse("Blue Lagoon Group Limited", fallback, person=False).tokens == ("blue", "lagoon", "group")
    assert score_pair("Lukoil Oil Comp", "LUKOIL OIL COMPANY", "entity", vocab=fallback) == 1.0


def test_pairwise_scores_survive_real_differences(vocab: Vocabulary) -> None:
    same = [
        ("Hital Xchange", "HITAL EXCHANGE", "entity"),  # informal spelling
        ("Blue Lagoon Grp", "BLUE LAGOON GROUP LTD.", "entity"),  # abbreviation and legal form
        ("AERO CARIBBEAN", "AEROCARIBBEAN AIRLINES", "entity"),  # split word, generic word missing
        ("Dmitry Yuryevich KHOROSHEV", "KHOROSHEV, Dmitry Yuryevich", "individual"),  # family name first
        ("Mikhail Khodorkovskiy", "Михаил Ходорковский", "individual"),  # Cyrillic
        ("Francois Hollande", "François Hollande", "individual"),  # diacritics
    ]
    for left, right, kind in same:
        assert score_pair(left, right, kind, vocab=vocab) >= 0.85, (left, right)


def test_pairwise_scores_keep_different_names_apart(vocab: Vocabulary) -> None:
    different = [
        ("BELLETECH CORP", "11420 CORP.", "entity"),
        ("ICBC (Asia) Limited", "ICBC (London) plc", "entity"),
        ("Sergey Viktorovich Lavrov", "Sergey Ivanevich LAVROV", "individual"),
        ("Octavian Scholz", "Olaf Scholz", "individual"),
    ]
    for left, right, kind in different:
        assert score_pair(left, right, kind, vocab=vocab) < 0.8, (left, right)


def test_swapped_patronymics_are_penalised_but_family_name_first_is_not(vocab: Vocabulary) -> None:
    _, swapped = explain_pair("SALMAN BIN MUHAMMAD AL-RAWI", "MUHAMMAD BIN SALMAN AL-RAWI", "individual", vocab=vocab)
    _, rotated = explain_pair("Dmitry Yuryevich KHOROSHEV", "KHOROSHEV, Dmitry Yuryevich", "individual", vocab=vocab)
    assert swapped["order_penalty"] > 0
    assert "order_penalty" not in rotated
