"""What a telephone number is, as the numbering plan says: E.164 form, toll-free or not, where it belongs.

Pure functions over phonenumbers' metadata and geocoder data (the same data the carriers' inventories come from),
shared by search, carts, reservations and orders.
"""

from __future__ import annotations

from dataclasses import dataclass

import phonenumbers
from phonenumbers import PhoneNumberType, geocoder

# NANP toll-free area codes, in service and reserved (NANPA's 8YY list).
TOLL_FREE_NPAS = frozenset({"800", "822", "833", "844", "855", "866", "877", "880", "881", "882", "883", "884",
                            "885", "886", "887", "888", "889"})  # fmt: skip


class MalformedNumber(ValueError):
    """Not a valid E.164 telephone number."""


@dataclass(frozen=True)
class NumberFacts:
    number: str  # E.164
    country: str  # ISO 3166-1 alpha-2
    toll_free: bool
    state: str | None  # USPS state / province code, when the numbering plan places it
    locality: str | None  # the city (rate center) the number belongs to


def facts(raw: str, *, region: str | None = None, place: bool = True) -> NumberFacts:
    """The number in E.164 with what the numbering plan says of it; MalformedNumber if it is not one.

    With a `region`, a number written nationally ("(303) 441-0142") is read in that region's plan; without
    `place`, the state and locality are not looked up (they cost a geocoder lookup per number).
    """
    if region is None and not raw.startswith("+"):
        raise MalformedNumber(f"{raw!r} is not in E.164 form (+ and country code)")
    try:
        parsed = phonenumbers.parse(raw, region)
    except phonenumbers.NumberParseException as exc:
        raise MalformedNumber(f"{raw!r} is not a telephone number") from exc
    e164 = phonenumbers.format_number(parsed, phonenumbers.PhoneNumberFormat.E164)
    national = phonenumbers.national_significant_number(parsed)
    nanp = parsed.country_code == 1 and len(national) == 10
    toll_free = (nanp and national[:3] in TOLL_FREE_NPAS) or (
        phonenumbers.number_type(parsed) == PhoneNumberType.TOLL_FREE
    )
    if not toll_free and not phonenumbers.is_valid_number(parsed):
        raise MalformedNumber(f"{raw!r} is not a valid number of its numbering plan")
    country = phonenumbers.region_code_for_number(parsed) or ""
    state, locality = _place(parsed) if place else (None, None)
    return NumberFacts(number=e164, country=country, toll_free=toll_free, state=state, locality=locality)


def is_toll_free_npa(npa: str) -> bool:
    return npa in TOLL_FREE_NPAS


def _place(parsed: phonenumbers.PhoneNumber) -> tuple[str | None, str | None]:
    """NANP geocoder descriptions read "City, ST" (or just the state's name): split them."""
    description = geocoder.description_for_number(parsed, "en")
    if parsed.country_code == 1 and ", " in description:
        city, _, state = description.rpartition(", ")
        if len(state) == 2:
            return state, city
    return None, None


def consecutive(numbers: list[str]) -> bool:
    """The numbers form one run (+1 each), in any order given."""
    values = sorted(int(n.lstrip("+")) for n in numbers)
    return all(b - a == 1 for a, b in zip(values, values[1:], strict=False))
