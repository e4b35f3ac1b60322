"""The sandbox's inventory is made of real NANP numbers: geographic US and Canadian ranges, placed where the
phonenumbers geocoder places them, never a number no carrier could hand out."""

from __future__ import annotations

import phonenumbers
import pytest
from phonenumbers import geocoder

from pstn_orders.carrier import NumberSearch
from pstn_orders.sandbox_carrier.ranges import NON_GEOGRAPHIC_NPAS
from tests.pstn_orders.sandbox_carrier.conftest import SIZE, Sandbox

pytestmark = pytest.mark.asyncio(loop_scope="session")


async def test_inventory_holds_the_configured_number_of_numbers(sandbox: Sandbox) -> None:
    [row] = await sandbox.rows("SELECT count(*) AS n, count(DISTINCT num / 10000) AS ranges FROM sandbox_numbers")
    assert row.n == SIZE
    assert row.ranges > 100  # spread over the continent, not one exchange


async def test_no_n11_no_555_no_toll_free_or_other_non_geographic_code(sandbox: Sandbox) -> None:
    rows = await sandbox.rows("SELECT num FROM sandbox_numbers")
    for row in rows:
        national = f"{row.num:010d}"
        npa, nxx = national[:3], national[3:6]
        assert npa[0] in "23456789", national
        assert nxx[0] in "23456789", national
        assert npa[1:] != "11", national  # N11 service codes
        assert nxx[1:] != "11", national
        assert nxx != "555", national  # 555-01XX and directory numbers
        assert npa not in NON_GEOGRAPHIC_NPAS, national  # 800, 833, ... 888, 900, 5XX


async def test_every_number_is_placed_where_the_geocoder_places_it(sandbox: Sandbox) -> None:
    rows = await sandbox.rows(
        "SELECT DISTINCT ON (num / 10000) num, country, state, locality FROM sandbox_numbers ORDER BY num / 10000"
    )
    for row in rows:
        number = phonenumbers.parse(f"+1{row.num}")
        assert phonenumbers.is_valid_number(number)
        assert phonenumbers.region_code_for_number(number) == row.country
        assert geocoder.description_for_number(number, "en") == f"{row.locality}, {row.state}"


async def test_both_countries_are_stocked_and_searchable(sandbox: Sandbox) -> None:
    """R-PSTN-11: numbers by country."""
    for country in ("US", "CA"):
        result = await sandbox.carrier.search(NumberSearch(country=country, quantity=5))
        assert len(result.numbers) == 5
        assert result.exact
        for found in result.numbers:
            assert phonenumbers.region_code_for_number(phonenumbers.parse(found.number)) == country


async def test_rate_center_is_the_locality(sandbox: Sandbox) -> None:
    result = await sandbox.carrier.search(NumberSearch(country="US", quantity=20))
    assert all(found.rate_center == found.locality for found in result.numbers)
