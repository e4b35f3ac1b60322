"""Each pasted entry on its own: valid, invalid (with the reason), duplicate, toll-free or already ours."""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

from pstn_orders.search.numbering import MalformedNumber, facts

# Numbers written without a country code are read in the North American plan, where ports are offered.
_NATIONAL_REGION = "US"


class LineClass(StrEnum):
    valid = "valid"
    invalid = "invalid"
    duplicate = "duplicate"
    toll_free = "toll_free"
    already_ours = "already_ours"


@dataclass
class Classified:
    raw: str
    number: str | None
    line_class: LineClass
    reason: str | None = None


def classify(raw: str, seen: set[str]) -> Classified:
    """One entry, given the numbers already in the cart (`seen` gains this one when it is new)."""
    try:
        known = facts(raw, region=_NATIONAL_REGION, place=False)  # a port line needs no rate center lookup
    except MalformedNumber as exc:
        return Classified(raw, None, LineClass.invalid, str(exc))
    number = known.number
    if number in seen:
        return Classified(raw, number, LineClass.duplicate, f"{number} is already on an earlier line")
    seen.add(number)
    if known.toll_free:
        return Classified(raw, number, LineClass.toll_free, "toll-free numbers cannot be ported in")  # R-PSTN-05
    return Classified(raw, number, LineClass.valid)
