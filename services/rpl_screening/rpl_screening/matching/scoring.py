"""Pairwise name scoring: rarity-weighted token alignment, one scorer for the index and for pairs."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from functools import lru_cache

from rapidfuzz.distance import OSA

from rpl_screening.matching.normalize import NameForm
from rpl_screening.matching.text import abjad_key, is_vowelless, phonetic, skeleton
from rpl_screening.matching.vocab import PARTICLES, LegalForm, Vocabulary, is_generic_org_word, place_words

MIN_TOKEN_SIM = 0.72  # below this two words are different words, not a misspelling
PHONETIC_FACTOR = 0.97  # similarity after folding transliteration digraphs counts almost fully
INITIAL_SIM = 0.7  # 'J' for 'John' (persons only)
PREFIX_SIM = 0.75  # 'Nic' for 'Nicolas', 'Hikvis' for 'Hikvision'
FIRST_LETTER_FACTOR = 0.94  # 'Gartner'/'Partner': people rarely misspell the first letter
JOIN_SIM = 0.88
ORDER_PENALTY = (
    0.15  # person name words swapped other than family-name-first  # 'AEROCARIBBEAN' against 'AERO CARIBBEAN'
)
NUMBER_MISMATCH = 0.1  # 'FUND 8' vs 'FUND 9', 'MANAGEMENT COMPANY 23' vs 'MANAGEMENT COMPANY': other members
SAME_FORM_EVIDENCE = 0.9  # 'BMW AG' / 'BMW AKTIENGESELLSCHAFT': one short word spelt alike, same kind of company
ABJAD_SIM = 0.88  # a vowel-less transliteration whose consonants are the other word's
NO_WORD_CAP = 0.5  # only initials and numbers matched
COMPACT_MIN = 0.88  # whole-name spelling without spaces, for glued and re-split names
LEGAL_FORM_MISMATCH = 0.05  # 'X LLC' vs 'X JSC': possibly re-registered, so only a small deduction
# The evidence of a single matched word grows with its length: 0.75 for 3 letters, 1.0 from 8.
SINGLE_WORD_BASE, SINGLE_WORD_PER_CHAR = 0.6, 0.05

Weigher = Callable[[str], float]


@dataclass(frozen=True, slots=True)
class Prepared:
    tokens: tuple[str, ...]
    raw: tuple[str, ...]  # the folded words before abbreviations, legal forms and titles were handled
    phonetics: tuple[str, ...]
    skeletons: tuple[str, ...]
    joined: tuple[str, ...]  # each two neighbouring tokens glued, for split/joined words
    weights: tuple[float, ...]
    total: float
    compact: str  # tokens glued together, legal forms included ('siemensag')
    legal: tuple[LegalForm, ...]
    person: bool


def static_weight(token: str, vocab: Vocabulary, *, person: bool) -> float:
    """How much a word says about who a name is, before any list statistics."""
    if token in PARTICLES:
        return 0.25
    if len(token) == 1:
        return 0.3 if person else 0.5
    if person:
        return 0.5 if token in vocab.generic_person_names else 1.0
    if is_generic_org_word(token) or token in place_words():
        return 0.35  # 'CORP', 'TRADING', 'GROUP' alone must not alert (R-RPL-05)
    return 0.6 if token.isdigit() else 1.0  # 'FUND 1', 'BRIGADE 44': numbers are series, not names


def prepare(form: NameForm, vocab: Vocabulary, *, person: bool, rarity: Weigher | None = None) -> Prepared:
    weights = tuple(
        static_weight(t, vocab, person=person) * (rarity(t) if rarity is not None else 1.0) for t in form.tokens
    )
    return Prepared(
        tokens=form.tokens,
        raw=form.raw,
        phonetics=tuple(phonetic(t) for t in form.tokens),
        skeletons=tuple(skeleton(t) for t in form.tokens),
        joined=tuple(a + b for a, b in zip(form.tokens, form.tokens[1:], strict=False)),
        weights=weights,
        total=sum(weights) or 1.0,
        compact="".join(form.raw),
        legal=form.legal,
        person=person,
    )


def token_sim(a: str, pa: str, sa: str, b: str, pb: str, sb: str, person: bool) -> float:
    """Similarity of two words: spelling, transliteration spelling, consonant skeleton, initial, prefix."""
    if a == b:
        return 1.0
    la, lb = len(a), len(b)
    short, long_ = (a, b) if la <= lb else (b, a)
    if len(short) == 1:
        return INITIAL_SIM if person and long_.startswith(short) else 0.0
    if a.isdigit() or b.isdigit():
        return 0.0  # '2004-1' and '2004-2' differ; numbers are not misspelt
    best = raw = 0.0
    if min(la, lb) >= 3:
        raw = best = OSA.normalized_similarity(a, b)
        if pa != a or pb != b:
            best = max(best, PHONETIC_FACTOR * OSA.normalized_similarity(pa, pb))
        if person and len(sa) >= 3 and sa == sb and raw >= 0.5:
            best = max(best, min(0.9, 0.5 + 0.45 * raw))  # 'Mohamed'/'Muhammad': same consonants
    if person and best < ABJAD_SIM and is_vowelless(a) != is_vowelless(b):
        key = abjad_key(a)
        if len(key) >= 2 and key == abjad_key(b):
            best = ABJAD_SIM  # 'mhmd' (محمد) is 'Mohamed', 'dvd' (דוד) is 'David'
    if best < PREFIX_SIM and len(short) >= 4 and long_.startswith(short) and len(short) * 2 >= len(long_):
        best = PREFIX_SIM
    if not person and best < 1.0 and a[0] != b[0] and pa[:1] != pb[:1]:
        best *= FIRST_LETTER_FACTOR
    return best if best >= MIN_TOKEN_SIM else 0.0


@lru_cache(maxsize=500_000)
def word_sim(a: str, b: str, person: bool) -> float:
    """token_sim for two words, memoised: the same word pairs recur across candidates and queries."""
    return token_sim(a, phonetic(a), skeleton(a), b, phonetic(b), skeleton(b), person)


Pair = tuple[float, float, tuple[int, ...], tuple[int, ...]]


def _pairs(q: Prepared, c: Prepared) -> list[Pair]:
    person = q.person or c.person
    out: list[Pair] = []
    for i, a in enumerate(q.tokens):
        for j, b in enumerate(c.tokens):
            s = word_sim(a, b, person)
            if s:
                out.append((s, q.weights[i] + c.weights[j], (i,), (j,)))
    # Joined or split words: one token on one side against two adjacent tokens on the other.
    for left, right, flip in ((q, c, False), (c, q, True)):
        if not right.joined:
            continue
        for i, a in enumerate(left.tokens):
            if len(a) < 5:
                continue
            for j, joined in enumerate(right.joined):
                if abs(len(joined) - len(a)) > 2:
                    continue
                s = OSA.normalized_similarity(a, joined, score_cutoff=JOIN_SIM)
                if s:
                    one, two = (i,), (j, j + 1)
                    weight = left.weights[i] + right.weights[j] + right.weights[j + 1]
                    out.append((s, weight, two, one) if flip else (s, weight, one, two))
    out.sort(key=lambda p: (p[0], p[1]), reverse=True)
    return out


def _same_legal_form(q: Prepared, c: Prepared) -> bool:
    return bool({f.generic for f in q.legal} & {f.generic for f in c.legal})


def _is_word(token: str) -> bool:
    return len(token) > 1 and not token.isdigit()


def _is_rotation(order: list[int]) -> bool:
    """Matched positions in order, allowing one wrap: 'KHOROSHEV Dmitry' vs 'Dmitry KHOROSHEV' is fine."""
    drops = sum(1 for x, y in zip(order, order[1:], strict=False) if y < x)
    return drops == 0 or (drops == 1 and order[-1] < order[0])


def compare(q: Prepared, c: Prepared) -> tuple[float, dict[str, float]]:
    """Score 0..1 and its parts for a query name against a list name."""
    if not q.tokens or not c.tokens:
        return 0.0, {}
    if q.compact == c.compact:  # the same name once folded ('123' / '123', 'ACE' / 'Ace'): nothing to weigh
        return 1.0, {"query_coverage": 1.0, "entry_coverage": 1.0, "conflict": 0.0, "identical": 1.0, "name": 1.0}
    used_q: set[int] = set()
    used_c: set[int] = set()
    got_q = got_c = 0.0
    order: list[tuple[int, int]] = []
    glued = named = False
    exact = True
    for s, _w, qi, cj in _pairs(q, c):
        if used_q.intersection(qi) or used_c.intersection(cj):
            continue
        used_q.update(qi)
        used_c.update(cj)
        named = named or (_is_word(q.tokens[qi[0]]) and _is_word(c.tokens[cj[0]]))
        exact = exact and s == 1.0
        got_q += s * sum(q.weights[i] for i in qi)
        got_c += s * sum(c.weights[j] for j in cj)
        order.append((qi[0], cj[0]))
        glued = glued or len(qi) + len(cj) > 2
    cov_q, cov_c = got_q / q.total, got_c / c.total
    # Words on both sides that found no partner at all: two different names, not one misspelt.
    miss_q = sum(w for i, w in enumerate(q.weights) if i not in used_q) / q.total
    miss_c = sum(w for j, w in enumerate(c.weights) if j not in used_c) / c.total
    conflict = min(miss_q, miss_c)
    parts = {
        "query_coverage": round(cov_q, 4),
        "entry_coverage": round(cov_c, 4),
        "conflict": round(conflict, 4),
    }
    compact = OSA.normalized_similarity(q.compact, c.compact) if min(len(q.compact), len(c.compact)) >= 6 else 0.0
    if q.person or c.person:
        short, long_ = (cov_q, cov_c) if q.total <= c.total else (cov_c, cov_q)
        score = 0.65 * short + 0.35 * long_ - 0.6 * conflict
        order.sort()
        if len(order) >= 3 and not _is_rotation([j for _, j in order]):
            score -= ORDER_PENALTY  # 'SALMAN BIN MUHAMMAD' is not 'MUHAMMAD BIN SALMAN'
            parts["order_penalty"] = ORDER_PENALTY
        if min(len(q.tokens), len(c.tokens)) == 1 and min(len(used_q), len(used_c)) < 2:
            score = min(score, 0.72)  # one given name is not enough to identify a person
        if compact >= COMPACT_MIN:
            score = max(score, compact - 0.08)
    else:
        score = 0.5 * (cov_q + cov_c) - 0.5 * conflict
        if len(order) == 1 and not glued:
            # One matched word is all the evidence ('VECTOR GROUP' vs 'VECTOR', 'DOVER CORP' vs 'DOVER'):
            # the less covered side decides, and a short word proves less than a long one
            # (measured on listed-company negatives: 'MID', 'ACE', 'COACH' are everyday words).
            score = 0.25 * 0.5 * (cov_q + cov_c) + 0.75 * min(cov_q, cov_c)
            evidence = min(1.0, SINGLE_WORD_BASE + SINGLE_WORD_PER_CHAR * len(q.tokens[order[0][0]]))
            if exact and _same_legal_form(q, c):
                evidence = max(evidence, SAME_FORM_EVIDENCE)
            score *= evidence
            parts["single_word_evidence"] = round(evidence, 4)
        if compact >= COMPACT_MIN:
            score = max(score, compact - 0.06)
    lone_numbers = [t for i, t in enumerate(q.tokens) if t.isdigit() and i not in used_q]
    lone_numbers += [t for j, t in enumerate(c.tokens) if t.isdigit() and j not in used_c]
    if lone_numbers and not (q.person or c.person):
        score -= NUMBER_MISMATCH
        parts["number_mismatch"] = NUMBER_MISMATCH
    if not named and compact < COMPACT_MIN and q.compact != c.compact:
        score = min(score, NO_WORD_CAP)  # 'PIMCO 1' vs '1-P': a number and an initial name no one
        parts["no_word_matched"] = NO_WORD_CAP
    if compact:
        parts["compact"] = round(compact, 4)
    if q.legal and c.legal and not _same_legal_form(q, c):
        score -= LEGAL_FORM_MISMATCH
        parts["legal_form_mismatch"] = LEGAL_FORM_MISMATCH
    parts["name"] = round(max(score, 0.0), 4)
    return max(min(score, 1.0), 0.0), parts
