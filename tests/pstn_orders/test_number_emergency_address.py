"""R-PSTN-10: a single number may carry its own emergency address (a remote worker's), validated by the carrier
and editable; without one, its location's serves it."""

from __future__ import annotations

import pytest

pytestmark = pytest.mark.asyncio(loop_scope="session")

HOME = {
    "house_number": "350",
    "street_name": "5th",
    "street_suffix": "AVE",
    "city": "New York",
    "state": "NY",
    "postal_code": "10118",
    "country": "US",
}


def address_of(world, number) -> str:
    return f"/v1/customers/{world.customer_id}/numbers/{number.id}/emergency-address"


async def test_a_number_carries_its_own_emergency_address_edited_and_dropped_again(numbers_world) -> None:
    # R-PSTN-10: a custom ESA on one number, editable; dropped, the location's applies again
    world = numbers_world
    [number] = await world.numbers(1, state="assigned")
    path = address_of(world, number)
    before = await world.client().get(path)
    assert (before.json()["source"], before.json()["emergency_address"]) == ("location", None)

    given = await world.client().put(path, json=HOME, headers={"If-Match": before.headers["ETag"]})

    assert given.status_code == 200, given.text
    own = given.json()
    assert own["source"] == "number"
    assert own["emergency_address"]["status"] == "valid"
    assert own["emergency_address"]["location_id"] is None
    read = await world.client().get(f"/v1/customers/{world.customer_id}/numbers/{number.id}")
    assert read.json()["emergency_address_id"] == own["emergency_address"]["id"]

    edited = await world.client().put(
        path,
        json=HOME
        | {
            "house_number": "20",
            "pre_directional": "W",
            "street_name": "34TH",
            "street_suffix": "ST",
            "postal_code": "10001",
        },
    )
    assert edited.status_code == 200, edited.text
    assert edited.json()["emergency_address"]["id"] != own["emergency_address"]["id"]
    assert edited.json()["emergency_address"]["address"]["house_number"] == "20"

    dropped = await world.client().delete(path)
    assert dropped.json()["source"] == "location"
    changes = await world.events("pstn.number_emergency_address_changed.v1")
    assert [c["emergency_address_id"] for c in changes] == [
        own["emergency_address"]["id"],
        edited.json()["emergency_address"]["id"],
        None,
    ]


async def test_an_address_the_carrier_corrects_changes_nothing_and_says_what_to_give(numbers_world) -> None:
    # R-PSTN-10: the number never points at an address emergency calls cannot be routed to
    world = numbers_world
    [number] = await world.numbers(1)
    path = address_of(world, number)

    corrected = await world.client().put(path, json=HOME | {"street_name": "Fifth", "street_suffix": "Avenue"})

    assert corrected.status_code == 422
    problem = corrected.json()
    assert problem["rule"] == "R-PSTN-10"
    assert problem["address_status"] == "corrected_pending"
    assert problem["suggested"]["street_suffix"] == "AVE"
    assert (await world.client().get(path)).json()["source"] == "location"

    accepted = await world.client().put(path, json=problem["suggested"])
    assert accepted.status_code == 200, accepted.text
    assert accepted.json()["emergency_address"]["status"] == "valid"


async def test_an_invalid_or_ambiguous_address_is_refused_naming_the_fields(numbers_world) -> None:
    world = numbers_world
    [number] = await world.numbers(1)
    path = address_of(world, number)

    invalid = await world.client().put(path, json=HOME | {"house_number": "0"})
    assert invalid.status_code == 422
    assert invalid.json()["invalid_params"][0]["name"] == "house_number"

    ambiguous = await world.client().put(path, json=HOME | {"house_number": "4444"})
    assert ambiguous.status_code == 422
    assert len(ambiguous.json()["candidates"]) == 2

    assert (await world.client().get(path)).json()["source"] == "location"
    assert await world.events("pstn.number_emergency_address_changed.v1") == []
