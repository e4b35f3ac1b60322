"""Emergency address validation at the sandbox (R-PSTN-33: the carrier validates the address before use):
valid, corrected to USPS Publication 28 form, ambiguous with candidates, or invalid naming the fields."""

from __future__ import annotations

from typing import Any

import pytest

from pstn_orders.carrier import AddressVerdict, CarrierUnavailable, CivicAddress
from tests.pstn_orders.sandbox_carrier.conftest import Sandbox

pytestmark = pytest.mark.asyncio(loop_scope="session")


def white_house(**changes: Any) -> CivicAddress:
    fields: dict[str, Any] = {
        "house_number": "1600", "street_name": "PENNSYLVANIA", "street_suffix": "AVE", "post_directional": "NW",
        "city": "WASHINGTON", "state": "DC", "postal_code": "20500", "country": "US",
    }  # fmt: skip
    return CivicAddress(**(fields | changes))


def cn_tower(**changes: Any) -> CivicAddress:
    fields: dict[str, Any] = {
        "house_number": "290", "street_name": "BREMNER", "street_suffix": "BLVD", "city": "TORONTO", "state": "ON",
        "postal_code": "M5V 3L9", "country": "CA",
    }  # fmt: skip
    return CivicAddress(**(fields | changes))


def problem_fields(check: Any) -> set[str]:
    return {problem.field for problem in check.problems}


async def test_an_address_in_publication_28_form_is_valid(sandbox: Sandbox) -> None:
    """R-PSTN-33"""
    check = await sandbox.carrier.validate_address(white_house())
    assert check.verdict == AddressVerdict.valid
    assert check.carrier_address_id
    # The same address is the same address at the carrier.
    assert (await sandbox.carrier.validate_address(white_house(city="Washington"))).carrier_address_id == (
        check.carrier_address_id
    )


async def test_an_address_written_out_is_corrected_to_publication_28(sandbox: Sandbox) -> None:
    """R-PSTN-33: the suggested form, for the caller to accept or decline."""
    check = await sandbox.carrier.validate_address(
        white_house(street_name="Pennsylvania", street_suffix="Avenue", post_directional=None, unit="Suite 100")
    )
    assert check.verdict == AddressVerdict.corrected
    assert check.suggested is not None
    assert check.suggested.street_name == "PENNSYLVANIA"
    assert check.suggested.street_suffix == "AVE"
    assert check.suggested.unit == "STE 100"
    assert check.suggested.postal_code == "20500"


async def test_a_zip_of_another_state_is_invalid_naming_the_postal_code(sandbox: Sandbox) -> None:
    check = await sandbox.carrier.validate_address(white_house(postal_code="10118"))
    assert check.verdict == AddressVerdict.invalid
    assert problem_fields(check) == {"postal_code"}


async def test_a_zip_of_another_city_is_invalid_naming_city_and_postal_code(sandbox: Sandbox) -> None:
    check = await sandbox.carrier.validate_address(
        white_house(house_number="350", street_name="5TH", street_suffix="AVE", post_directional=None,
                    city="ALBANY", state="NY", postal_code="10118")
    )  # fmt: skip
    assert check.verdict == AddressVerdict.invalid
    assert problem_fields(check) == {"city", "postal_code"}


@pytest.mark.parametrize(
    ("changes", "field"),
    [
        ({"postal_code": "00000"}, "postal_code"),  # no such ZIP
        ({"postal_code": "2050"}, "postal_code"),  # not a ZIP at all
        ({"state": "ZZ"}, "state"),
        ({"street_name": "PO BOX 12", "street_suffix": None, "post_directional": None}, "street_name"),
        ({"house_number": "0"}, "house_number"),  # the carrier refuses it (a test value)
    ],
)
async def test_invalid_addresses_name_the_field(sandbox: Sandbox, changes: dict[str, Any], field: str) -> None:
    check = await sandbox.carrier.validate_address(white_house(**changes))
    assert check.verdict == AddressVerdict.invalid
    assert field in problem_fields(check)


async def test_an_ambiguous_address_offers_candidates(sandbox: Sandbox) -> None:
    """House number 4444 without a directional (a test value) matches a north and a south street."""
    check = await sandbox.carrier.validate_address(
        white_house(house_number="4444", street_name="MAIN", street_suffix="ST", post_directional=None)
    )
    assert check.verdict == AddressVerdict.ambiguous
    assert [c.pre_directional for c in check.candidates] == ["N", "S"]
    chosen = await sandbox.carrier.validate_address(check.candidates[0])
    assert chosen.verdict == AddressVerdict.valid


async def test_canadian_postal_codes_by_format_and_province(sandbox: Sandbox) -> None:
    assert (await sandbox.carrier.validate_address(cn_tower())).verdict == AddressVerdict.valid
    corrected = await sandbox.carrier.validate_address(cn_tower(postal_code="m5v3l9", city="Toronto"))
    assert corrected.verdict == AddressVerdict.corrected
    assert corrected.suggested is not None
    assert corrected.suggested.postal_code == "M5V 3L9"
    elsewhere = await sandbox.carrier.validate_address(cn_tower(state="BC"))  # M is Toronto, not British Columbia
    assert elsewhere.verdict == AddressVerdict.invalid
    assert problem_fields(elsewhere) == {"postal_code"}
    malformed = await sandbox.carrier.validate_address(cn_tower(postal_code="12345"))
    assert malformed.verdict == AddressVerdict.invalid
    assert problem_fields(malformed) == {"postal_code"}


async def test_the_unavailable_city_finds_the_carrier_unavailable(sandbox: Sandbox) -> None:
    with pytest.raises(CarrierUnavailable):
        await sandbox.carrier.validate_address(white_house(city="Unavailable"))
