"""A country as every API takes it (body, query or path): an ISO 3166-1 alpha-2 code, listed in the schema."""

from __future__ import annotations

from typing import Annotated

import pycountry
from pydantic import AfterValidator, WithJsonSchema

COUNTRY_CODES = sorted(country.alpha_2 for country in pycountry.countries)
_COUNTRIES = frozenset(COUNTRY_CODES)


def _iso_country(value: str) -> str:
    if value not in _COUNTRIES:
        raise ValueError(f"{value!r} is not an ISO 3166-1 alpha-2 country code (upper case, e.g. NO)")
    return value


Country = Annotated[
    str,
    AfterValidator(_iso_country),
    WithJsonSchema({"type": "string", "enum": COUNTRY_CODES, "description": "ISO 3166-1 alpha-2, e.g. NO"}),
]
"""Refused with 422 naming the field unless ISO 3166-1 alpha-2, so nothing else is ever stored."""
