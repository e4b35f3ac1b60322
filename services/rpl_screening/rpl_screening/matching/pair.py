"""Two names compared directly, with the index's scorer but without list statistics."""

from __future__ import annotations

import os
from pathlib import Path

from rpl_screening.matching.normalize import analyse
from rpl_screening.matching.scoring import compare, prepare
from rpl_screening.matching.vocab import Vocabulary, load_vocabulary

PERSON_KINDS = frozenset({"individual", "person"})


def default_vocabulary() -> Vocabulary:
    """Rigour word lists from the configured list folder when set, else the packaged fallback."""
    folder = os.environ.get("RPL_SCREENING_LISTS_DIR") or os.environ.get("RPL_DATA_DIR")
    return load_vocabulary(Path(folder) if folder else None)


def is_person(kind: str | None) -> bool:
    return (kind or "").lower() in PERSON_KINDS


def score_pair(name1: str, name2: str, kind: str | None = None, *, vocab: Vocabulary | None = None) -> float:
    """Similarity 0..1 of two names of one kind ('individual'/'person' or anything else for entities)."""
    return explain_pair(name1, name2, kind, vocab=vocab)[0]


def explain_pair(
    name1: str, name2: str, kind: str | None = None, *, vocab: Vocabulary | None = None
) -> tuple[float, dict[str, float]]:
    words = vocab or default_vocabulary()
    person = is_person(kind)
    left = prepare(analyse(name1, words, person=person), words, person=person)
    right = prepare(analyse(name2, words, person=person), words, person=person)
    return compare(left, right)
