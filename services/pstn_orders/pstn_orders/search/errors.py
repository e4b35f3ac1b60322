"""The problems a number search, or any list of chosen numbers, answers."""

from __future__ import annotations

from servicekit import ValidationFailed


def toll_free_refused(field: str, what: str) -> ValidationFailed:
    return ValidationFailed.field(field, f"{what} is toll-free; toll-free numbers cannot be ordered", rule="R-PSTN-05")


def too_many_numbers(field: str, count: int, cap: int) -> ValidationFailed:
    return ValidationFailed.field(
        field, f"{count} numbers asked; at most {cap} new numbers an order, place further orders", rule="R-PSTN-06"
    )


def country_not_offered(country: str) -> ValidationFailed:
    return ValidationFailed.field("country", f"the calling plan is not offered in {country!r}", rule="R-PSTN-03")


def country_assisted(country: str) -> ValidationFailed:
    return ValidationFailed.field(
        "country",
        f"{country} orders numbers through PSTN technical support: place a support request instead",
        rule="R-PSTN-25",
    )


def block_for_trial(field: str) -> ValidationFailed:
    return ValidationFailed.field(field, "block orders are for paid subscriptions only", rule="R-PSTN-13")
