"""Each pasted entry on its own: valid, invalid (with the reason), duplicate, toll-free or already ours."""

from __future__ import annotations

import re
from dataclasses import dataclass
from enum import StrEnum
from functools import lru_cache

import phonenumbers
from phonenumbers import PhoneNumberType

from pstn_orders.search.numbering import MalformedNumber, facts, is_toll_free_npa

# Numbers written without a country code are read in the North American plan, where ports are offered.
_NATIONAL_REGION = "US"
# The common North American writings ("+1 303 441 0142", "(303) 441-0142", "303.441.0142", "13034410142"):
# phonenumbers reads each as country code 1 and these ten digits, so they skip its parsing (the costly part of a
# paste of thousands of lines). Any other writing is parsed by phonenumbers.
_NANP_WRITING = re.compile(r"(?:\+?1[ .-]?)?\(?([2-9]\d\d)\)?[ .-]?(\d{3})[ .-]?(\d{4})")


class LineClass(StrEnum):
    valid = "valid"
    invalid = "invalid"
    duplicate = "duplicate"
    toll_free = "toll_free"
    already_ours = "already_ours"


@dataclass(slots=True)
class Classified:
    raw: str
    number: str | None
    line_class: LineClass
    reason: str | None = None


def classify(raw: str, seen: set[str]) -> Classified:
    """One entry, given the numbers already in the cart (`seen` gains this one when it is new)."""
    written = _NANP_WRITING.fullmatch(raw)
    if written is None:
        return _classify_parsed(raw, seen)
    national = "".join(written.groups())
    number = f"+1{national}"
    if number in seen:  # an earlier line read as this very number, so this one reads as it too
        return Classified(raw, number, LineClass.duplicate, f"{number} is already on an earlier line")
    # As numbering.facts judges: a toll-free area code, else phonenumbers' type (UNKNOWN: not a valid number).
    toll_free = is_toll_free_npa(national[:3])
    if not toll_free:
        kind = phonenumbers.number_type(phonenumbers.PhoneNumber(country_code=1, national_number=int(national)))
        if kind == PhoneNumberType.UNKNOWN:
            return Classified(raw, None, LineClass.invalid, f"{raw!r} is not a valid number of its numbering plan")
        toll_free = kind == PhoneNumberType.TOLL_FREE
    seen.add(number)
    if toll_free:
        return Classified(raw, number, LineClass.toll_free, "toll-free numbers cannot be ported in")  # R-PSTN-05
    return Classified(raw, number, LineClass.valid)


def _classify_parsed(raw: str, seen: set[str]) -> Classified:
    number, toll_free, malformed = _parsed(raw)
    if number is None:
        return Classified(raw, None, LineClass.invalid, malformed)
    if number in seen:
        return Classified(raw, number, LineClass.duplicate, f"{number} is already on an earlier line")
    seen.add(number)
    if toll_free:
        return Classified(raw, number, LineClass.toll_free, "toll-free numbers cannot be ported in")  # R-PSTN-05
    return Classified(raw, number, LineClass.valid)


# Pastes repeat their odd entries ("n/a", "call reception"): the numbering plan's answer is the same every time.
@lru_cache(maxsize=4096)
def _parsed(raw: str) -> tuple[str | None, bool, str | None]:
    """The number in E.164 and whether it is toll-free, or None and why it is not a number."""
    try:
        known = facts(raw, region=_NATIONAL_REGION, place=False)  # a port line needs no rate center lookup
    except MalformedNumber as exc:
        return None, False, str(exc)
    return known.number, known.toll_free, None
