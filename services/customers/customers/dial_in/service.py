"""The default global dial-in number of a customer's meetings site (R-CUST-09)."""

from __future__ import annotations

import json
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from customers.dial_in.models import DialInNumber


@dataclass(frozen=True)
class RegionTable:
    region_of: dict[str, str]  # ISO country → AMER | APAC | ANZ | EMEA | EURO
    default_country: dict[str, str]  # region → the country whose number is the region default


@cache
def region_table() -> RegionTable:
    data = json.loads((Path(__file__).parent / "regions.json").read_text())
    region_of = {country: region for region, codes in data["regions"].items() for country in codes.split()}
    return RegionTable(region_of, data["defaults"])


async def _first_number(session: AsyncSession, country: str) -> str | None:
    stmt = select(DialInNumber.number).where(DialInNumber.country == country, DialInNumber.available)
    return await session.scalar(stmt.order_by(DialInNumber.position).limit(1))


async def default_dial_in(session: AsyncSession, country: str) -> tuple[str | None, str]:
    """The first available number defined for the country, else its region's default; and the region."""
    table = region_table()
    region = table.region_of[country]
    number = await _first_number(session, country)
    if number is None:
        number = await _first_number(session, table.default_country[region])
    return number, region


async def has_own_dial_in(session: AsyncSession, country: str) -> bool:
    return await _first_number(session, country) is not None
