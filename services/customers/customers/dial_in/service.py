"""The default global dial-in number of a customer's meetings site (R-CUST-09)."""

from __future__ import annotations

import json
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from sqlalchemy.ext.asyncio import AsyncSession

from customers.dial_in.repository import DialInRepository


@dataclass(frozen=True)
class RegionTable:
    region_of: dict[str, str]  # ISO country → AMER | APAC | ANZ | EMEA | EURO
    default_country: dict[str, str]  # region → the country whose number is the region default


@cache
def region_table() -> RegionTable:
    data = json.loads((Path(__file__).parent / "regions.json").read_text())
    region_of = {country: region for region, codes in data["regions"].items() for country in codes.split()}
    return RegionTable(region_of, data["defaults"])


class DialInDirectory:
    """Which number a country's meetings dial in on: its own first available one, else its region's default."""

    async def default_for(self, session: AsyncSession, country: str) -> tuple[str | None, str]:
        """The first available number defined for the country, else its region's default; and the region."""
        table = region_table()
        region = table.region_of[country]
        directory = DialInRepository(session)
        number = await directory.first_available(country)
        if number is None:
            number = await directory.first_available(table.default_country[region])
        return number, region

    async def has_own(self, session: AsyncSession, country: str) -> bool:
        return await DialInRepository(session).first_available(country) is not None
