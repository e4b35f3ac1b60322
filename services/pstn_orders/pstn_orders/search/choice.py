"""A list of numbers a customer chose (for a cart, a reservation or an order), checked number by number."""

from __future__ import annotations

from pstn_orders.search.errors import toll_free_refused, too_many_numbers
from pstn_orders.search.numbering import MalformedNumber, NumberFacts, facts
from servicekit import ProblemError, ValidationFailed


def chosen_numbers(raw: list[str], field: str, *, cap: int) -> tuple[list[NumberFacts], list[ProblemError]]:
    """The distinct numbers in E.164 with their facts, and every problem found (each naming its rule)."""
    problems: list[ProblemError] = []
    chosen: dict[str, NumberFacts] = {}
    for index, value in enumerate(raw):
        try:
            number = facts(value.strip())
        except MalformedNumber as exc:
            problems.append(ValidationFailed.field(f"{field}[{index}]", str(exc)))
            continue
        if number.toll_free:
            problems.append(toll_free_refused(f"{field}[{index}]", number.number))  # R-PSTN-05
            continue
        chosen.setdefault(number.number, number)
    if len(chosen) > cap:
        problems.append(too_many_numbers(field, len(chosen), cap))  # R-PSTN-06
    return list(chosen.values()), problems


def checked_numbers(raw: list[str], field: str, *, cap: int) -> list[NumberFacts]:
    """The chosen numbers, or the first problem raised."""
    chosen, problems = chosen_numbers(raw, field, cap=cap)
    if problems:
        raise problems[0]
    return chosen
