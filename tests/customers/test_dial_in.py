"""The organisation country picks the meetings site's default dial-in number (R-CUST-08, R-CUST-09)."""

from __future__ import annotations

import pycountry
import pytest

from customers.dial_in.service import region_table
from devstack import testing
from devstack.testing import Caller

pytestmark = pytest.mark.asyncio(loop_scope="session")


async def test_every_iso_country_belongs_to_exactly_one_region() -> None:
    # R-CUST-09: the country → region mapping is data covering every country.
    table = region_table()
    assert set(table.region_of) == {c.alpha_2 for c in pycountry.countries}
    assert set(table.default_country) == {"AMER", "APAC", "ANZ", "EMEA", "EURO"}


@pytest.mark.parametrize(
    ("country", "number", "region"),
    [
        ("NO", "+4721930646", "EURO"),  # the country has its own: its first one
        ("DE", "+4969380979880", "EURO"),
        ("MX", "+16465588656", "AMER"),  # no Mexican number: the AMER default (United States)
        ("TH", "+6531651065", "APAC"),  # the APAC default (Singapore)
        ("FJ", "+61280156011", "ANZ"),  # the ANZ default (Australia)
        ("KE", "+442034815237", "EMEA"),  # the EMEA default (United Kingdom)
        ("PL", "+4969380979880", "EURO"),  # the EURO default (Germany)
    ],
)
async def test_the_default_dial_in_follows_the_country_then_its_region(
    partner: Caller, country: str, number: str, region: str
) -> None:
    created = await partner.create_customer(billing_address=testing.address(country, city="Capital"))

    assert created["country"] == country  # R-CUST-08: the billing country is the organisation country
    assert created["dial_in"] == {"number": number, "region": region}
