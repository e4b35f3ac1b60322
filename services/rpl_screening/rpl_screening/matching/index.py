"""In-memory screening index: candidates from a rarity-weighted token index, then the pairwise scorer."""

from __future__ import annotations

import math
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from functools import lru_cache

import numpy as np

from rpl_screening.list_formats import ListEntry, ParsedList
from rpl_screening.matching.normalize import NameForm, analyse
from rpl_screening.matching.pair import default_vocabulary, is_person
from rpl_screening.matching.qualifiers import QUALIFIER_SPAN, Match, Thresholds, build_match
from rpl_screening.matching.scoring import Prepared, compare, prepare, static_weight, token_sim
from rpl_screening.matching.text import phonetic, skeleton
from rpl_screening.matching.vocab import Vocabulary

CANDIDATES = 20  # names fully scored per query; recall on SDN variants is the same at 20 as at 40
MIN_ESTIMATE = 0.25  # candidates whose shared rare words cover less than this are not scored
JOINED_BONUS = 1.5  # a glued pair found whole counts like one and a half matching words
POSTING_CAP = 1500  # a word on more names than this ('al', 'company') does not pick candidates by itself
MIN_DELETE_LEN = 4  # one-deletion neighbours only for words long enough to misspell


@dataclass(frozen=True, slots=True)
class _Name:
    entry: int
    text: str
    alias: bool
    prepared: Prepared


def _deletes(token: str) -> set[str]:
    return {token[:i] + token[i + 1 :] for i in range(len(token))} if len(token) >= MIN_DELETE_LEN else set()


class ScreeningIndex:
    """Immutable once built, so concurrent screenings need no lock."""

    def __init__(self, entries: list[ListEntry], names: list[_Name], vocab: Vocabulary, df: dict[str, int]) -> None:
        self._entries = entries
        self._names = names
        self._vocab = vocab
        self._df = df
        self._n = max(len(entries), 1)
        # Name ids per word, as arrays: a query adds each word's weight to all its names in one step.
        self._postings: dict[str, np.ndarray] = {}
        self._joined: dict[str, np.ndarray] = {}
        self._totals = np.zeros(0)
        self._by_delete: dict[str, tuple[str, ...]] = {}
        self._by_skeleton: dict[str, tuple[str, ...]] = {}
        self._by_phonetic: dict[str, tuple[str, ...]] = {}
        self._word_weight: dict[str, float] = {}
        self._by_key: dict[tuple[str, str], list[int]] = defaultdict(list)
        self._index_names()
        self._expand = lru_cache(maxsize=100_000)(self._expand_token)

    @classmethod
    def build(
        cls,
        lists: Iterable[ParsedList],
        *,
        entry_types: set[str] | None = None,
        vocab: Vocabulary | None = None,
    ) -> ScreeningIndex:
        """Index every name and alias of the given lists (optionally only some entry types)."""
        words = vocab or default_vocabulary()
        entries = [e for p in lists for e in p.entries if entry_types is None or e.entry_type in entry_types]
        forms: list[tuple[int, str, bool, NameForm, bool]] = []
        df: dict[str, int] = defaultdict(int)
        for idx, entry in enumerate(entries):
            person = is_person(entry.entry_type)
            seen: set[str] = set()
            for n, text in enumerate((entry.name, *entry.aliases)):
                form = analyse(text, words, person=person)
                if form.tokens:
                    forms.append((idx, text, n > 0, form, person))
                    seen.update(form.tokens)
            for token in seen:
                df[token] += 1
        index = cls(entries, [], words, dict(df))
        index._names = [
            _Name(idx, text, alias, prepare(form, words, person=person, rarity=index.rarity))
            for idx, text, alias, form, person in forms
        ]
        index._index_names()
        return index

    def __len__(self) -> int:
        return len(self._entries)

    def rarity(self, token: str) -> float:
        """1.0 for a word on a handful of entries, down to 0.3 for one on most of them."""
        df = self._df.get(token, 0)
        if df <= 2:
            return 1.0
        return max(0.3, min(1.0, 0.3 + 0.7 * math.log(self._n / df) / math.log(self._n / 2)))

    def _index_names(self) -> None:
        postings: dict[str, list[int]] = defaultdict(list)
        joined: dict[str, list[int]] = defaultdict(list)
        for nid, name in enumerate(self._names):
            for token in set(name.prepared.tokens):
                postings[token].append(nid)
            raw = name.prepared.raw
            for a, b in zip(raw, raw[1:], strict=False):
                joined[a + b].append(nid)
            self._by_key[(self._entries[name.entry].source, self._entries[name.entry].uid)].append(nid)
        by_delete: dict[str, set[str]] = defaultdict(set)
        by_skeleton: dict[str, set[str]] = defaultdict(set)
        by_phonetic: dict[str, set[str]] = defaultdict(set)
        for token in postings:
            by_phonetic[phonetic(token)].add(token)
            for variant in _deletes(token):
                by_delete[variant].add(token)
            if sk := skeleton(token):
                by_skeleton[sk].add(token)
        self._postings = {k: np.array(v, dtype=np.int32) for k, v in postings.items()}
        self._joined = {k: np.unique(np.array(v, dtype=np.int32)) for k, v in joined.items()}
        self._totals = np.array([name.prepared.total for name in self._names])
        self._by_delete = {k: tuple(v) for k, v in by_delete.items()}
        self._by_skeleton = {k: tuple(v) for k, v in by_skeleton.items()}
        self._by_phonetic = {k: tuple(v) for k, v in by_phonetic.items()}
        self._word_weight = {w: self.rarity(w) * static_weight(w, self._vocab, person=False) for w in postings}

    def _expand_token(self, token: str) -> tuple[tuple[str, float], ...]:
        """Indexed words within one edit, the same transliteration skeleton, or glued from two words."""
        near: set[str] = set()
        if token in self._postings:
            near.add(token)
        for key in _deletes(token) | {token}:
            near.update(self._by_delete.get(key, ()))
            if key in self._postings:
                near.add(key)
        sk, ph = skeleton(token), phonetic(token)
        if sk:
            near.update(self._by_skeleton.get(sk, ()))
        near.update(self._by_phonetic.get(ph, ()))
        out = []
        for word in near:
            s = token_sim(token, ph, sk, word, phonetic(word), skeleton(word), True)
            if s:
                out.append((word, s))
        return tuple(out)

    def _candidates(self, forms: Iterable[NameForm], q_total: float) -> list[int]:
        acc = np.zeros(len(self._names))
        hit = False
        skipped: list[tuple[str, float]] = []
        tokens: set[str] = set()
        for form in forms:
            tokens.update(form.tokens)
            for a, b in zip(form.raw, form.raw[1:], strict=False):
                glued = self._postings.get(a + b)  # 'AERO CARIBBEAN' asked, 'AEROCARIBBEAN' listed
                if glued is not None:
                    acc[glued] += JOINED_BONUS
                    hit = True
        for token in tokens:
            split = self._joined.get(token)  # 'JSCARGUMENT' asked, 'JSC ARGUMENT' listed
            if split is not None:
                acc[split] += JOINED_BONUS
                hit = True
            for word, s in self._expand(token):
                plist = self._postings[word]
                weight = s * self._word_weight[word]
                if len(plist) > POSTING_CAP:
                    skipped.append((word, weight))
                    continue
                acc[plist] += weight  # a word's postings hold each name once
                hit = True
        if not hit:
            for word, weight in skipped:  # only very common words asked: use them after all
                acc[self._postings[word][:POSTING_CAP]] += weight
        nids = np.flatnonzero(acc)
        estimate = acc[nids] / (0.5 * q_total + 0.5 * self._totals[nids])
        if len(nids) > CANDIDATES:
            top = np.argpartition(-estimate, CANDIDATES - 1)[:CANDIDATES]
            nids, estimate = nids[top], estimate[top]
        order = np.argsort(-estimate, kind="stable")
        return [int(nids[i]) for i in order if estimate[i] >= MIN_ESTIMATE]

    def _query(self, name: str) -> tuple[Prepared, Prepared, NameForm, NameForm]:
        entity_form = analyse(name, self._vocab, person=False)
        person_form = analyse(name, self._vocab, person=True)
        as_entity = prepare(entity_form, self._vocab, person=False, rarity=self.rarity)
        as_person = prepare(person_form, self._vocab, person=True, rarity=self.rarity)
        return as_entity, as_person, entity_form, person_form

    def _allowed(self, entry: ListEntry, kind: str | None) -> bool:
        if kind is None:
            return True
        if is_person(kind):
            return entry.entry_type in ("individual", "unknown")
        return entry.entry_type != "individual"

    def _score(
        self,
        nids: Iterable[int],
        name: str,
        country: str | None,
        address: str | None,
        kind: str | None,
        limit: int,
        min_score: float | None,
        query: tuple[Prepared, Prepared] | None = None,
    ) -> list[Match]:
        as_entity, as_person = query or self._query(name)[:2]
        best: dict[int, tuple[float, int, dict[str, float]]] = {}
        for nid in nids:
            rec = self._names[nid]
            if not self._allowed(self._entries[rec.entry], kind):
                continue
            score, parts = compare(as_person if rec.prepared.person else as_entity, rec.prepared)
            if score > 0.0 and (rec.entry not in best or score > best[rec.entry][0]):
                best[rec.entry] = (score, nid, parts)
        # Qualifiers move a score by a few hundredths at most: only the leading names need them.
        floor = (min_score or 0.0) - QUALIFIER_SPAN
        ranked = sorted((v for v in best.values() if v[0] >= floor), key=lambda v: -v[0])[: limit + 5]
        matches = []
        for score, nid, parts in ranked:
            rec = self._names[nid]
            asked = as_person if rec.prepared.person else as_entity
            entry = self._entries[rec.entry]
            matches.append(build_match(entry, rec.text, rec.alias, score, parts, asked, rec.prepared, country, address))
        matches.sort(key=lambda m: (-m.score, m.source, m.uid))
        if min_score is not None:
            matches = [m for m in matches if m.score >= min_score]
        return matches[:limit]

    def screen(
        self,
        name: str,
        *,
        country: str | None = None,
        address: str | None = None,
        kind: str | None = None,
        limit: int = 10,
        min_score: float | None = None,
    ) -> list[Match]:
        """Best matches first (R-RPL-05); kind 'entity'/'individual' narrows the entry types compared."""
        as_entity, as_person, entity_form, person_form = self._query(name)
        q_total = as_entity.total
        # Candidates come from the entity reading: the person reading only adds legal-form words
        # ('LIMITED', 'LIA BILITY'), which pull in short unrelated names.
        nids = self._candidates((entity_form if entity_form.tokens else person_form,), q_total)
        return self._score(nids, name, country, address, kind, limit, min_score, (as_entity, as_person))

    def screen_entries(
        self,
        name: str,
        *,
        uids: set[tuple[str, str]] | None = None,
        country: str | None = None,
        address: str | None = None,
        kind: str | None = None,
        limit: int = 10,
        min_score: float | None = None,
    ) -> list[Match]:
        """Like screen(), against the given (source, uid) entries only: re-screening after a list change."""
        if uids is None:
            return self.screen(name, country=country, address=address, kind=kind, limit=limit, min_score=min_score)
        nids = [nid for key in uids for nid in self._by_key.get(key, ())]
        return self._score(nids, name, country, address, kind, limit, min_score)


__all__ = ["Match", "ScreeningIndex", "Thresholds"]
