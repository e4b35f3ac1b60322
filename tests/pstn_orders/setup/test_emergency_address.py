"""A location's emergency service address, validated by the carrier: valid, corrected (accepted or declined),
ambiguous (a candidate chosen) or invalid (each field named, nothing changed); editable later."""

from __future__ import annotations

from typing import Any

import pytest

from contracts.enums import Role
from contracts.events import LocationAddress
from devstack.in_process import InProcess, principal_below, root_principal

from .conftest import NEW_YORK_ESA, SetupWorld, new_world

pytestmark = pytest.mark.asyncio(loop_scope="session")

CORRECTABLE = NEW_YORK_ESA | {"street_suffix": "Avenue", "unit": "Suite 4100"}  # USPS Pub 28: AVE, STE


async def test_a_valid_address_is_kept_with_the_carriers_id_and_announced(world: SetupWorld) -> None:
    """R-PSTN-09: the location's ESA, validated by the carrier before use (R-PSTN-33)."""
    address = await world.valid_address()

    assert address["carrier_address_id"].startswith("adr_")
    assert address["validated_by"] == "carrier"
    assert address["next_step"].startswith("Valid")
    read = await world.client(world.customer).get(f"{world.at()}/emergency-address")
    assert read.status_code == 200, read.text
    assert read.json()["address"]["postal_code"] == "10118"
    [event] = await world.events("pstn.emergency_address_changed.v1")
    assert event["status"] == "valid"
    assert event["location_id"] == str(world.location_id)
    assert event["carrier_address_id"] == address["carrier_address_id"]


async def test_a_corrected_address_shows_the_suggestion_and_counts_only_once_accepted(world: SetupWorld) -> None:
    """R-PSTN-33: the carrier's correction is offered; the calling plan waits until it is accepted (R-PSTN-09)."""
    given = await world.client().put(f"{world.at()}/emergency-address", json=CORRECTABLE)

    assert given.status_code == 200, given.text
    body = given.json()
    assert body["status"] == "corrected_pending"
    assert body["suggested"]["street_suffix"] == "AVE"
    assert body["suggested"]["unit"] == "STE 4100"
    assert body["address"]["street_suffix"] == "Avenue"  # what was given stays until accepted
    assert '{"accept": true}' in body["next_step"]
    assert '{"accept": false}' in body["next_step"]
    refused = await world.calling_plan()
    assert refused.status_code == 409, refused.text
    assert refused.json()["type"].endswith("/emergency-address-not-validated")
    assert refused.json()["rule"] == "R-PSTN-09"
    assert "accept the correction" in refused.json()["detail"]

    accepted = await world.client().post(f"{world.at()}/emergency-address/acceptance", json={"accept": True})

    assert accepted.status_code == 200, accepted.text
    assert accepted.json()["status"] == "valid"
    assert accepted.json()["address"]["street_suffix"] == "AVE"
    assert accepted.json()["carrier_address_id"] == body["carrier_address_id"]
    enabled = await world.calling_plan()
    assert enabled.status_code == 200, enabled.text
    statuses = [e["status"] for e in await world.events("pstn.emergency_address_changed.v1")]
    assert statuses == ["corrected_pending", "valid"]


async def test_a_declined_correction_leaves_the_address_unusable_and_says_what_to_do(world: SetupWorld) -> None:
    """R-PSTN-33: declining the carrier's correction keeps an address the carrier did not validate."""
    await world.client().put(f"{world.at()}/emergency-address", json=CORRECTABLE)

    declined = await world.client().post(f"{world.at()}/emergency-address/acceptance", json={"accept": False})

    assert declined.status_code == 200, declined.text
    assert declined.json()["status"] == "invalid"
    assert declined.json()["carrier_address_id"] is None
    assert "PUT another address" in declined.json()["next_step"]
    again = await world.client().post(f"{world.at()}/emergency-address/acceptance", json={"accept": True})
    assert again.status_code == 409, again.text
    assert (await world.calling_plan()).status_code == 409


async def test_an_ambiguous_address_lists_candidates_and_one_is_chosen(world: SetupWorld) -> None:
    """R-PSTN-33: an address matching several is resolved by choosing one of the carrier's candidates."""
    given = await world.client().put(f"{world.at()}/emergency-address", json=NEW_YORK_ESA | {"house_number": "4444"})

    assert given.status_code == 200, given.text
    assert given.json()["status"] == "ambiguous"
    candidates = given.json()["candidates"]
    assert [c["pre_directional"] for c in candidates] == ["N", "S"]
    assert '{"candidate": n}' in given.json()["next_step"]
    out_of_range = await world.client().post(f"{world.at()}/emergency-address/acceptance", json={"candidate": 2})
    assert out_of_range.status_code == 422, out_of_range.text
    assert out_of_range.json()["invalid_params"][0]["name"] == "candidate"

    chosen = await world.client().post(f"{world.at()}/emergency-address/acceptance", json={"candidate": 1})

    assert chosen.status_code == 200, chosen.text
    assert chosen.json()["status"] == "valid"
    assert chosen.json()["address"]["pre_directional"] == "S"


async def test_an_invalid_address_names_each_field_and_changes_nothing(world: SetupWorld) -> None:
    """R-PSTN-33: the carrier refuses it; every field at fault is named and the stored address stays."""
    before = await world.valid_address()

    refused = await world.client().put(f"{world.at()}/emergency-address", json=NEW_YORK_ESA | {"city": "Boston"})

    assert refused.status_code == 422, refused.text
    problem = refused.json()
    assert problem["type"].endswith("/emergency-address-invalid")
    assert problem["rule"] == "R-PSTN-33"
    assert {p["name"] for p in problem["invalid_params"]} == {"postal_code", "city"}
    after = await world.client().get(f"{world.at()}/emergency-address")
    assert after.json()["address"] == before["address"]
    assert after.json()["version"] == before["version"]
    assert len(await world.events("pstn.emergency_address_changed.v1")) == 1


async def test_the_location_address_can_be_edited_later_with_if_match(world: SetupWorld) -> None:
    """R-PSTN-10: the location ESA can be edited later; a stale If-Match changes nothing."""
    first = await world.valid_address()
    assert (await world.calling_plan()).status_code == 200
    moved = NEW_YORK_ESA | {"unit": "STE 200"}

    stale = await world.client().put(
        f"{world.at()}/emergency-address", json=moved, headers={"If-Match": f'"{first["version"] + 5}"'}
    )
    assert stale.status_code == 412, stale.text
    edited = await world.client().put(
        f"{world.at()}/emergency-address", json=moved, headers={"If-Match": f'"{first["version"]}"'}
    )

    assert edited.status_code == 200, edited.text
    assert edited.json()["status"] == "valid"
    assert edited.json()["address"]["unit"] == "STE 200"
    assert edited.json()["id"] == first["id"]
    assert edited.headers["ETag"] == f'"{edited.json()["version"]}"'
    assert edited.json()["carrier_address_id"] != first["carrier_address_id"]


async def test_an_address_outside_the_calling_plan_countries_is_refused(world: SetupWorld) -> None:
    """R-PSTN-03: emergency addresses serve the calling plan, offered only in configured countries."""
    oslo = {"house_number": "1", "street_name": "Karl Johans gate", "city": "Oslo", "postal_code": "0154",
            "country": "NO"}  # fmt: skip

    refused = await world.client().put(f"{world.at()}/emergency-address", json=oslo)

    assert refused.status_code == 422, refused.text
    assert refused.json()["rule"] == "R-PSTN-03"
    assert refused.json()["invalid_params"][0]["name"] == "country"


async def test_a_us_address_without_a_state_is_refused_naming_the_field(world: SetupWorld) -> None:
    no_state: dict[str, Any] = {k: v for k, v in NEW_YORK_ESA.items() if k != "state"}

    refused = await world.client().put(f"{world.at()}/emergency-address", json=no_state)

    assert refused.status_code == 422, refused.text
    assert "state" in refused.text


async def test_in_an_assisted_country_the_address_is_taken_for_support_to_forward(pstn_api: InProcess) -> None:
    """R-PSTN-25: in assisted countries PSTN technical support forwards the address with the support request."""
    world = await new_world(pstn_api)
    london = LocationAddress(house_number="10", street_name="Downing", street_suffix="St", city="London",
                             postal_code="SW1A 2AA", country="GB")  # fmt: skip
    location_id = await world.location("London office", london)

    given = await world.client().put(
        f"{world.at(location_id)}/emergency-address", json=london.model_dump(exclude_none=True)
    )

    assert given.status_code == 200, given.text
    assert given.json()["status"] == "valid"
    assert given.json()["validated_by"] == "support"
    assert (await world.calling_plan(location_id)).status_code == 200


async def test_another_partners_location_answers_not_found(world: SetupWorld) -> None:
    """R-HIER-03: a location outside the caller's subtree is not found, and nothing is stored."""
    stranger = principal_below(root_principal(), Role.PARTNER_ADMIN)

    put = await world.client(stranger).put(f"{world.at()}/emergency-address", json=NEW_YORK_ESA)

    assert put.status_code == 404, put.text
    assert (await world.client().get(f"{world.at()}/emergency-address")).status_code == 404
