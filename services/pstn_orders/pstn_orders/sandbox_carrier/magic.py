"""The sandbox's test values: what makes it answer each failure a real carrier gives (documented in the README).

Numbers are matched on their last four digits, in any range; search offers them only when its pattern asks for
those digits (ends_with "9901", say), so ordinary searches, runs and blocks never land on them.
"""

from __future__ import annotations

from enum import StrEnum


class MagicLine(StrEnum):
    taken = "9901"  # found by search, taken by someone else before you reserve or order it: NumbersUnavailable
    fails = "9902"  # accepted, then fails at fulfilment: with other numbers the order is partially completed
    order_fails = "9903"  # accepted, then the whole order fails at fulfilment (no number provisioned)
    unavailable = "9904"  # reserving or ordering it finds the carrier unavailable: CarrierUnavailable


MAGIC_LINES = frozenset(int(line) for line in MagicLine)

# Search: this locality answers CarrierUnavailable. Address validation: this city answers CarrierUnavailable.
UNAVAILABLE_LOCALITY = "Unavailable"
# An address whose house number is "0" is refused: the carrier cannot route emergency calls to it.
REFUSED_HOUSE_NUMBER = "0"
# An address with this house number and no directional matches two streets (N and S): ambiguous.
AMBIGUOUS_HOUSE_NUMBER = "4444"

FAILURE_REASON = "the carrier could not provision this number"
ORDER_FAILURE_REASON = "the carrier rejected the order"


def line_of(number: int | str) -> str:
    return str(number)[-4:]


def is_magic(number: int | str, line: MagicLine) -> bool:
    return line_of(number) == line.value


def asks_for_magic(digits: str | None) -> bool:
    """A pattern whose digits end with a magic line: its numbers are offered."""
    return digits is not None and any(digits.endswith(line.value) for line in MagicLine)
