"""Seeded variants of list names, the ways customer-entered names differ from the list (R-RPL-05)."""

from __future__ import annotations

import random
import re
import string
from collections.abc import Callable

# The bench's own table (not the matcher's), so abbreviation recall is not measured against itself.
ABBREVIATE = {
    "COMPANY": "CO", "CORPORATION": "CORP", "INTERNATIONAL": "INTL", "GROUP": "GRP", "LIMITED": "LTD",
    "COMMUNICATIONS": "COMM", "MANUFACTURING": "MFG", "INDUSTRIES": "IND", "INDUSTRIAL": "INDL",
    "TECHNOLOGY": "TECH", "TECHNOLOGIES": "TECH", "SERVICES": "SVCS", "TRADING": "TRDG", "HOLDING": "HLDG",
    "HOLDINGS": "HLDGS", "MANAGEMENT": "MGMT", "NATIONAL": "NATL", "ENGINEERING": "ENGG",
    "DEVELOPMENT": "DEV", "INVESTMENT": "INVT", "ASSOCIATION": "ASSN", "INCORPORATED": "INC",
    "BROTHERS": "BROS", "INSTITUTE": "INST", "UNIVERSITY": "UNIV", "ENTERPRISES": "ENT", "ENTERPRISE": "ENT",
    "DEPARTMENT": "DEPT", "SCIENTIFIC": "SCI", "RESEARCH": "RES", "SYSTEMS": "SYS", "CHEMICAL": "CHEM",
    "PHARMACEUTICAL": "PHARM", "PETROLEUM": "PETROL", "EXCHANGE": "EXCH", "MARKETING": "MKTG",
}  # fmt: skip
LEGAL_SUFFIXES = ("LLC", "Ltd", "Limited", "Inc.", "GmbH", "JSC", "Co., Ltd.", "S.A.", "OOO", "Corp.", "PLC")
_LEGAL_WORDS = set(
    "LLC LTD LIMITED INC GMBH JSC CO SA OOO CORP PLC COMPANY OJSC CJSC PJSC OAO ZAO AO LIABILITY JOINT STOCK "
    "S.A. CORPORATION".split()
)
# Longest Latin spellings first; the query is then in Cyrillic, as a customer in Russia might type it.
_LATIN_TO_CYRILLIC = [
    tuple(pair.split("="))
    for pair in (
        "shch=щ sch=ш kh=х zh=ж ch=ч sh=ш ts=ц yu=ю ya=я yo=ё ph=ф th=т ck=к x=кс w=в q=к j=дж a=а b=б c=к "
        "d=д e=е f=ф g=г h=х i=и k=к l=л m=м n=н o=о p=п r=р s=с t=т u=у v=в y=й z=з"
    ).split()
]

Variant = Callable[[str, random.Random], str | None]


def _words(name: str) -> list[str]:
    return re.sub(r"[,.]", " ", name).split()


# Multi-word legal forms stay together when the name's own words are reordered.
_LEGAL_PHRASE = re.compile(
    r"\b(?:(?:open|closed|public|private)\s+)?joint[\s-]+stock\s+company\b|\blimited\s+liability\s+company\b|"
    r"\bfederal\s+state\s+(?:unitary|budgetary)\s+(?:enterprise|institution)\b|\bs\.?\s*de\s+r\.?\s*l\.?"
    r"(?:\s*de\s+c\.?\s*v\.?)?|\bs\.?\s*a\.?\s*de\s+c\.?\s*v\.?|\bco\.?,?\s+ltd\.?|\bs\.r\.o\.|\bs\.a\.|"
    r"\b(?:llc|ltd|inc|corp|jsc|ojsc|cjsc|pjsc|ooo|oao|zao|gmbh|plc|fze|limited|corporation|company)\b\.?",
    re.IGNORECASE,
)


def legal_form(name: str, rng: random.Random) -> str | None:
    core = [w for w in _words(_LEGAL_PHRASE.sub(" ", name)) if w.upper() not in _LEGAL_WORDS]
    if not core:
        return None
    suffix = rng.choice(LEGAL_SUFFIXES)
    return " ".join(core + [suffix]) if rng.random() < 0.8 else f"{suffix} {' '.join(core)}"


def abbreviation(name: str, rng: random.Random) -> str | None:
    words = _words(name)
    spots = [i for i, w in enumerate(words) if w.upper() in ABBREVIATE]
    if not spots:
        return None
    for i in spots:
        if rng.random() < 0.7 or i == spots[-1]:
            words[i] = ABBREVIATE[words[i].upper()]
    return " ".join(words)


def word_order(name: str, rng: random.Random) -> str | None:
    forms = [m.group(0) for m in _LEGAL_PHRASE.finditer(name)]
    words = _words(_LEGAL_PHRASE.sub(" ", name))
    if len(words) < 2:
        return None
    shuffled = words[:]
    while shuffled == words:
        rng.shuffle(shuffled)
    return " ".join(shuffled + forms)


def typo(name: str, rng: random.Random) -> str | None:
    words = _words(name)
    spots = [i for i, w in enumerate(words) if len(w) >= 5 and w.isalpha() and w.upper() not in _LEGAL_WORDS]
    if not spots:
        return None
    i = rng.choice(spots)
    w = words[i]
    p = rng.randrange(1, len(w) - 1)
    op = rng.choice(("sub", "ins", "del", "swap"))
    letter = rng.choice(string.ascii_uppercase)
    if op == "sub":
        w = w[:p] + letter + w[p + 1 :]
    elif op == "ins":
        w = w[:p] + letter + w[p:]
    elif op == "del":
        w = w[:p] + w[p + 1 :]
    else:
        w = w[: p - 1] + w[p] + w[p - 1] + w[p + 1 :]
    words[i] = w
    return " ".join(words)


def joined(name: str, rng: random.Random) -> str | None:
    words = _words(name)
    if len(words) < 2:
        return None
    i = rng.randrange(len(words) - 1)
    return " ".join(words[:i] + [words[i] + words[i + 1]] + words[i + 2 :])


def split(name: str, rng: random.Random) -> str | None:
    words = _words(name)
    spots = [i for i, w in enumerate(words) if len(w) >= 8 and w.isalpha()]
    if not spots:
        return None
    i = rng.choice(spots)
    p = rng.randrange(3, len(words[i]) - 3)
    words[i] = words[i][:p] + " " + words[i][p:]
    return " ".join(words)


def cyrillic(name: str, rng: random.Random) -> str | None:
    text = name.lower()
    if not re.search(r"[a-z]", text):
        return None
    out, i = [], 0
    while i < len(text):
        for latin, cyr in _LATIN_TO_CYRILLIC:
            if text.startswith(latin, i):
                out.append(cyr)
                i += len(latin)
                break
        else:
            out.append(text[i])
            i += 1
    return "".join(out).upper() if rng.random() < 0.5 else "".join(out)


VARIANTS: dict[str, Variant] = {
    "legal_form": legal_form,
    "abbreviation": abbreviation,
    "word_order": word_order,
    "typo": typo,
    "joined_words": joined,
    "split_words": split,
    "cyrillic": cyrillic,
}
