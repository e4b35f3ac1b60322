"""String-level folding shared by every name comparison: script, case, punctuation, spelling variants."""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

from anyascii import anyascii

_APOSTROPHES = re.compile(r"['’‘`´ʼʻ]")
_DOTTED_INITIALS = re.compile(r"\b[a-z](?:\.[a-z])+\b\.?")  # "a.i.c." / "l.l.c" -> "aic" / "llc"
_SHORT_AMPERSAND = re.compile(r"\b([a-z0-9]{1,2})\s*&\s*([a-z0-9]{1,2})\b")
_LETTER_AND_LETTER = re.compile(r"\b([a-z]{1,2}) and ([a-z])\b|\b([a-z]) and ([a-z]{2})\b")
_NON_ALNUM = re.compile(r"[^a-z0-9]+")
# Transliteration variants folded together so 'Khodorkovsky', 'Hodorkovskiy' and 'Chodorkowski' meet
# on one consonant skeleton ("Cyrillic re-spellings"); the order matters (longest first).
_SKELETON_RULES = (
    ("shch", "s"), ("tsch", "c"), ("sch", "s"), ("tch", "c"), ("dzh", "j"), ("dj", "j"), ("zh", "j"),
    ("kh", "h"), ("gh", "g"), ("ph", "f"), ("th", "t"), ("ck", "k"), ("ch", "c"), ("sh", "s"),
    ("ts", "c"), ("tz", "c"), ("cz", "c"), ("ks", "x"), ("w", "v"), ("q", "k"), ("j", "y"),
)  # fmt: skip
_VOWELS = re.compile(r"[aeiouy]+")
# Spelling-level folding that keeps vowels: 'Dzhokhar'/'Djohar', 'Yuriy'/'Juri', 'Washington'/'Vashington'.
_PHONETIC_RULES = (
    ("shch", "sh"), ("tsch", "ch"), ("sch", "sh"), ("tch", "ch"), ("dzh", "j"), ("dj", "j"), ("zh", "j"),
    ("kh", "h"), ("gh", "g"), ("ph", "f"), ("th", "t"), ("ck", "k"), ("cz", "ch"), ("tz", "ts"), ("w", "v"),
    ("q", "k"), ("x", "ks"), ("ou", "u"), ("oo", "u"), ("ee", "i"), ("iy", "i"), ("ii", "i"), ("y", "i"),
)  # fmt: skip
_HARD_C = re.compile(r"c(?=[aoukrlt]|$)")


def _is_hangul(ch: str) -> bool:
    return 0xAC00 <= ord(ch) <= 0xD7AF


def _korean_syllable(romanized: str) -> str:
    """Revised Romanization (what anyascii writes) towards the McCune-Reischauer spellings lists use:
    '김정은' gives 'gim jeong eun'; the lists write KIM Jong Un."""
    out = romanized.lower().replace("eo", "o").replace("eu", "u")
    voiceless = {"g": "k", "b": "p", "d": "t"}
    if out[:1] in voiceless:
        out = voiceless[out[0]] + out[1:]
    if len(out) > 1 and out[-1] in voiceless and not out.endswith("ng"):
        out = out[:-1] + voiceless[out[-1]]  # a final ㄱ/ㅂ/ㄷ: '박' is PAK
    return out


def _is_cjk(ch: str) -> bool:
    code = ord(ch)
    return 0x3400 <= code <= 0x9FFF or 0xAC00 <= code <= 0xD7AF or 0xF900 <= code <= 0xFAFF


@lru_cache(maxsize=65536)
def fold(text: str) -> str:
    """Lower-case ASCII with one space between words: diacritics gone, other scripts transliterated."""
    text = unicodedata.normalize("NFKC", text)
    if not text.isascii():
        # CJK ideographs and Hangul come out as one run ('JinZhengEn'); one word per syllable instead.
        text = "".join(
            f" {_korean_syllable(anyascii(ch))} " if _is_hangul(ch) else f" {anyascii(ch)} " if _is_cjk(ch) else ch
            for ch in text
        )
        text = anyascii(text)
    text = _APOSTROPHES.sub("", text.lower())
    text = _DOTTED_INITIALS.sub(lambda m: m.group(0).replace(".", ""), text)
    text = _SHORT_AMPERSAND.sub(r"\1\2", text)  # 'AT&T' -> 'att', 'S&D' -> 'sd': initials, not 'and'
    text = _LETTER_AND_LETTER.sub(lambda m: "".join(g for g in m.groups() if g), text)  # 'AT and T' too
    text = text.replace("&", " and ").replace("%", " percent ")
    return " ".join(_NON_ALNUM.sub(" ", text).split())


def fold_tokens(text: str) -> list[str]:
    return fold(text).split()


@lru_cache(maxsize=65536)
def skeleton(token: str) -> str:
    """Consonant skeleton after folding transliteration digraphs; '' for tokens too short to judge."""
    if len(token) < 3 or token.isdigit():
        return ""
    out = token
    for old, new in _SKELETON_RULES:
        out = out.replace(old, new)
    head, tail = out[0], _VOWELS.sub("", out[1:])
    if head in "aeiouy":
        head = ""
    out = head + tail
    collapsed = "".join(ch for i, ch in enumerate(out) if i == 0 or ch != out[i - 1])
    return collapsed if len(collapsed) >= 2 else ""


@lru_cache(maxsize=65536)
def phonetic(token: str) -> str:
    """The token with transliteration digraphs folded and doubled letters collapsed."""
    if token.isdigit():
        return token
    out = _HARD_C.sub("k", token)
    for old, new in _PHONETIC_RULES:
        out = out.replace(old, new)
    return "".join(ch for i, ch in enumerate(out) if i == 0 or ch != out[i - 1])


_VOWEL_LETTERS = frozenset("aeiou")


@lru_cache(maxsize=65536)
def abjad_key(token: str) -> str:
    """Consonants only: Arabic and Hebrew write few vowels ('mhmd', 'khld', 'dvd'), and their w/y letters
    stand for vowels, so 'MAHMOUD' and 'mhmwd' meet on 'mhmd'."""
    out = token.replace("w", "").replace("y", "")
    for old, new in _SKELETON_RULES:
        out = out.replace(old, new)
    out = "".join(ch for ch in out if ch not in "aeiouy")
    return "".join(ch for i, ch in enumerate(out) if i == 0 or ch != out[i - 1])


def is_vowelless(token: str) -> bool:
    return len(token) >= 3 and not token.isdigit() and _VOWEL_LETTERS.isdisjoint(token)
