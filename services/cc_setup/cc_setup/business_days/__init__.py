"""Business days in a country and a time zone: weekends and the country's public holidays (the `holidays`
library) are skipped. A connect invitation lapses after 7 of them (R-CC-14)."""

from __future__ import annotations

from datetime import date, datetime, timedelta
from functools import lru_cache
from zoneinfo import ZoneInfo

import holidays

__all__ = ["add_business_days", "is_business_day"]


@lru_cache(maxsize=256)
def _holidays(country: str, year: int) -> holidays.HolidayBase:
    try:
        return holidays.country_holidays(country, years=year)
    except NotImplementedError:  # a country the library does not know: weekends alone
        return holidays.HolidayBase()


def is_business_day(day: date, country: str) -> bool:
    return day.weekday() < 5 and day not in _holidays(country, day.year)


def add_business_days(start: datetime, days: int, *, time_zone: str, country: str) -> datetime:
    """The moment `days` business days after `start`, at the same local time, in UTC.

    Days are counted in `time_zone` (the tenant's, R-CC-07): the day after the local day of `start` is the first
    candidate; each weekend day and public holiday of `country` is skipped.
    """
    zone = ZoneInfo(time_zone)
    local = start.astimezone(zone)
    day, counted = local.date(), 0
    while counted < days:
        day += timedelta(days=1)
        if is_business_day(day, country):
            counted += 1
    # Re-attached to the zone, so a daylight-saving change in between keeps the local time of day.
    end = datetime.combine(day, local.timetz().replace(tzinfo=None), tzinfo=zone)
    return end.astimezone(start.tzinfo)
