"""A customer's locations: sites with a civic address and an IANA time zone, kept in the caller's subtree."""

from __future__ import annotations

import uuid
from typing import Any

import pytest

from devstack import testing
from devstack.services import Services
from devstack.stack import Stack
from devstack.testing import Caller

pytestmark = pytest.mark.asyncio(loop_scope="session")


async def provisioned(partner: Caller) -> str:
    created = await partner.create_customer()
    await partner.wait_for_state(created["id"], "provisioned")
    return str(created["id"])


def site(**changes: Any) -> dict[str, Any]:
    return testing.us_location("NY") | changes


async def test_a_location_is_added_read_changed_with_its_etag_and_deleted(partner: Caller, stack: Stack) -> None:
    customer = await provisioned(partner)
    base = f"/v1/customers/{customer}/locations"

    created = await partner.customers.post(base, json=site())
    assert created.status_code == 201, created.text
    location = created.json()
    assert created.headers["Location"].endswith(f"{base}/{location['id']}")
    assert location["address"] | {"state": "NY", "country": "US", "postal_code": "10118"} == location["address"]
    assert (location["country"], location["time_zone"], location["customer_id"]) == ("US", "America/New_York", customer)
    read = await partner.customers.get(f"{base}/{location['id']}")
    assert read.json() == location
    etag = read.headers["ETag"]

    moved = site(name="Hudson Yards office", time_zone="America/New_York")
    moved["address"] |= {"house_number": "20", "street_name": "Hudson Yards", "street_suffix": None, "unit": "Fl 40"}
    changed = await partner.customers.put(f"{base}/{location['id']}", json=moved, headers={"If-Match": etag})
    assert changed.status_code == 200, changed.text
    assert changed.json()["name"] == "Hudson Yards office"
    assert changed.headers["ETag"] != etag
    stale = await partner.customers.put(f"{base}/{location['id']}", json=site(), headers={"If-Match": etag})
    assert stale.status_code == 412
    assert stale.json()["type"].endswith("/version-mismatch")

    listed = await partner.customers.get(base)
    assert [item["id"] for item in listed.json()["items"]] == [location["id"]]
    deleted = await partner.customers.delete(f"{base}/{location['id']}")
    assert deleted.status_code == 204
    assert (await partner.customers.get(base)).json()["items"] == []
    gone = await partner.customers.get(f"{base}/{location['id']}")
    assert gone.status_code == 404
    assert gone.json()["type"].endswith("/location-not-found")

    seen = await testing.customer_event_types(stack, customer, until="customer.location_deleted.v1")
    locations = [t for t in seen if ".location_" in t]
    assert locations == ["customer.location_created.v1", "customer.location_updated.v1", "customer.location_deleted.v1"]


async def test_locations_outside_your_subtree_are_not_found(services: Services, root: Caller, partner: Caller) -> None:
    # R-HIER-03: another partner's customer's location answers 404, as if it did not exist.
    customer = await provisioned(partner)
    location = (await partner.customers.post(f"/v1/customers/{customer}/locations", json=site())).json()
    sibling = await testing.partner(services, root, name="Baltic Voice Partner AB")
    try:
        base = f"/v1/customers/{customer}/locations"
        answers = [
            await sibling.customers.get(base),
            await sibling.customers.get(f"{base}/{location['id']}"),
            await sibling.customers.put(f"{base}/{location['id']}", json=site(name="Taken over")),
            await sibling.customers.delete(f"{base}/{location['id']}"),
            await sibling.customers.post(base, json=site(name="Sneaked in")),
        ]
        assert [a.status_code for a in answers] == [404] * 5
        unknown = await partner.customers.get(f"{base}/{uuid.uuid4()}")
        assert unknown.json()["type"].endswith("/location-not-found")
    finally:
        await sibling.aclose()
    assert (await partner.customers.get(f"{base}/{location['id']}")).json()["name"] == "Head office"


@pytest.mark.parametrize(
    ("change", "field"),
    [
        ({"time_zone": "Mars/Olympus_Mons"}, "time_zone"),
        ({"time_zone": "EST5EDT6"}, "time_zone"),
        ({"address": site()["address"] | {"country": "XX"}}, "address.country"),
        ({"address": site()["address"] | {"country": "us"}}, "address.country"),
        ({"address": site()["address"] | {"state": None}}, "address.state"),
        ({"address": site()["address"] | {"state": "ZZ"}}, "address.state"),
        ({"address": site()["address"] | {"street_name": ""}}, "address.street_name"),
        ({"address": site()["address"] | {"plus_four": "1234"}}, "address.plus_four"),
        ({"name": "Line\nbreak"}, "name"),
    ],
)
async def test_bad_input_names_the_field_and_changes_nothing(partner: Caller, change: dict, field: str) -> None:
    customer = await provisioned(partner)
    response = await partner.customers.post(f"/v1/customers/{customer}/locations", json=site() | change)

    assert response.status_code == 422, response.text
    assert response.headers["content-type"] == "application/problem+json"
    assert field in [p["name"] for p in response.json()["invalid_params"]]
    assert (await partner.customers.get(f"/v1/customers/{customer}/locations")).json()["items"] == []


async def test_any_country_is_a_location_country(partner: Caller) -> None:
    customer = await provisioned(partner)
    oslo = {
        "name": "Oslo office",
        "address": {"house_number": "1", "street_name": "Storgata", "city": "Oslo", "postal_code": "0155",
                    "country": "NO"},
        "time_zone": "Europe/Oslo",
    }  # fmt: skip
    response = await partner.customers.post(f"/v1/customers/{customer}/locations", json=oslo)

    assert response.status_code == 201, response.text
    only_us = await partner.customers.get(f"/v1/customers/{customer}/locations", params={"country": "US"})
    assert only_us.json()["items"] == []


async def test_a_suspended_or_cancelled_customer_gets_no_new_location(partner: Caller) -> None:
    suspended, cancelled = await provisioned(partner), await provisioned(partner)
    kept = await partner.customers.post(f"/v1/customers/{suspended}/locations", json=site())
    await partner.customers.post(f"/v1/customers/{suspended}/suspend", json={"reason": "unpaid invoices"})
    await partner.customers.post(f"/v1/customers/{cancelled}/cancel")

    for customer, state in ((suspended, "suspended"), (cancelled, "cancelled")):
        refused = await partner.customers.post(f"/v1/customers/{customer}/locations", json=site(name="Depot"))
        assert refused.status_code == 409
        assert refused.json()["type"].endswith("/customer-takes-no-locations")
        assert refused.json()["state"] == state
    # A suspended customer keeps its locations and may correct them.
    fixed = site(name="Head office (Midtown)")
    corrected = await partner.customers.put(f"/v1/customers/{suspended}/locations/{kept.json()['id']}", json=fixed)
    assert corrected.status_code == 200, corrected.text


async def test_a_second_location_of_one_name_is_refused(partner: Caller) -> None:
    customer = await provisioned(partner)
    first = await partner.customers.post(f"/v1/customers/{customer}/locations", json=site())
    again = await partner.customers.post(f"/v1/customers/{customer}/locations", json=site(name="HEAD OFFICE"))

    assert again.status_code == 409
    assert again.json() | {"field": "name", "existing_location_id": first.json()["id"]} == again.json()


async def test_the_customers_own_full_admin_manages_its_locations_and_a_readonly_admin_reads_them(
    services: Services, partner: Caller
) -> None:
    customer = await provisioned(partner)
    callers: list[Caller] = []
    for role in ("customer_full_admin", "customer_readonly_admin"):
        response = await partner.customers.post(
            f"/v1/customers/{customer}/api-clients", json={"name": role, "roles": [role]}
        )
        client = response.json()
        made = await testing.caller(services, client["client_id"], client["client_secret"], uuid.UUID(customer))
        callers.append(made)
    full, readonly = callers
    try:
        created = await full.customers.post(f"/v1/customers/{customer}/locations", json=site())
        assert created.status_code == 201, created.text
        listed = await readonly.customers.get(f"/v1/customers/{customer}/locations")
        assert [item["id"] for item in listed.json()["items"]] == [created.json()["id"]]
        refused = await readonly.customers.post(f"/v1/customers/{customer}/locations", json=site(name="Depot"))
        assert refused.status_code == 403
    finally:
        for each in callers:
            await each.aclose()


async def test_a_retried_create_with_its_idempotency_key_adds_one_location(partner: Caller) -> None:
    customer = await provisioned(partner)
    headers = {"Idempotency-Key": f"loc-{uuid.uuid4()}"}
    first = await partner.customers.post(f"/v1/customers/{customer}/locations", json=site(), headers=headers)
    retried = await partner.customers.post(f"/v1/customers/{customer}/locations", json=site(), headers=headers)

    assert (first.status_code, retried.status_code) == (201, 201)
    assert retried.json() == first.json()
    assert len((await partner.customers.get(f"/v1/customers/{customer}/locations")).json()["items"]) == 1
