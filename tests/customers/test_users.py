"""Users hold exactly one package, within the caps the customer was created with (R-CUST-03..06)."""

from __future__ import annotations

import asyncio
import uuid

import pytest

from devstack import testing
from devstack.testing import Caller

pytestmark = pytest.mark.asyncio(loop_scope="session")


def user(package: str | None = "meetings", role: str = "user", **extra: str) -> dict:
    body = {"email": f"u-{uuid.uuid4().hex[:10]}@example.com", "name": "Kari Nordmann", "role": role} | extra
    return body | ({"package": package} if package else {})


async def test_the_catalogue_lists_packages_with_their_services_and_addons(partner: Caller) -> None:
    # R-CUST-04: the catalogue is data; R-CUST-05: add-ons are listed but not yet orderable.
    items = {i["code"]: i for i in (await partner.customers.get("/v1/catalogue")).json()}
    assert items["enterprise"]["services"] == ["messaging", "meetings", "calling"]
    assert items["attendant_console"] == items["attendant_console"] | {"kind": "addon", "orderable": False}


async def test_ordering_an_addon_that_is_not_orderable_is_refused(partner: Caller) -> None:
    # R-CUST-05
    body = testing.customer_body(addons={"attendant_console": 1})
    response = await partner.customers.post("/v1/customers", json=body)

    assert response.status_code == 422
    assert response.json()["invalid_params"][0]["name"] == "addons.attendant_console"
    unknown = await partner.customers.post("/v1/customers", json=testing.customer_body(packages={"platinum": 3}))
    assert unknown.json()["invalid_params"][0]["name"] == "packages.platinum"


async def test_assigning_past_the_cap_names_the_package_the_cap_and_the_use(partner: Caller) -> None:
    # R-CUST-03, R-CUST-04: exactly one package each; never zero.
    customer = (await partner.create_customer(packages={"meetings": 2}))["id"]
    for _ in range(2):
        assert (await partner.customers.post(f"/v1/customers/{customer}/users", json=user())).status_code == 201
    refused = await partner.customers.post(f"/v1/customers/{customer}/users", json=user())

    assert refused.status_code == 409
    assert refused.json() | {"package": "meetings", "cap": 2, "in_use": 2, "rule": "R-CUST-03"} == refused.json()
    no_package = await partner.customers.post(f"/v1/customers/{customer}/users", json=user(package=None))
    assert no_package.status_code == 422
    assert no_package.json()["invalid_params"][0]["name"] == "package"


async def test_many_requests_racing_for_the_last_seats_never_overfill_a_package(partner: Caller) -> None:
    # R-CUST-03 under contention: 12 creates race for 3 seats.
    customer = (await partner.create_customer(packages={"meetings": 3}))["id"]
    responses = await asyncio.gather(
        *(partner.customers.post(f"/v1/customers/{customer}/users", json=user()) for _ in range(12))
    )

    assert sorted(r.status_code for r in responses) == [201] * 3 + [409] * 9
    users = (await partner.customers.get(f"/v1/customers/{customer}/users")).json()["items"]
    assert [u["package"] for u in users] == ["meetings"] * 3


async def test_a_full_administrator_gets_the_organisation_level_and_is_never_downgraded(partner: Caller) -> None:
    # R-CUST-06
    customer = (await partner.create_customer(packages={"messaging": 5, "enterprise": 2}))["id"]
    admin = await partner.customers.post(
        f"/v1/customers/{customer}/users", json=user(package=None, role="full_admin", extension="100")
    )
    assert admin.status_code == 201, admin.text
    assert admin.json()["package"] == "enterprise"

    downgrade = await partner.customers.put(
        f"/v1/customers/{customer}/users/{admin.json()['id']}/package", json={"package": "messaging"}
    )
    assert downgrade.status_code == 409
    assert downgrade.json()["rule"] == "R-CUST-06"
    plain = (
        await partner.customers.post(f"/v1/customers/{customer}/users", json=user("enterprise", extension="101"))
    ).json()
    moved = await partner.customers.put(
        f"/v1/customers/{customer}/users/{plain['id']}/package", json={"package": "messaging"}
    )
    assert moved.status_code == 200
    assert moved.json()["package"] == "messaging"


async def test_a_calling_package_needs_an_extension_or_a_number(partner: Caller) -> None:
    customer = (await partner.create_customer(packages={"calling_standard": 3}))["id"]
    bare = await partner.customers.post(f"/v1/customers/{customer}/users", json=user("calling_standard"))
    assert bare.status_code == 422
    numbered = await partner.customers.post(
        f"/v1/customers/{customer}/users", json=user("calling_standard", phone_number="+47 22 12 34 56")
    )
    assert numbered.status_code == 201
    assert numbered.json()["phone_number"] == "+4722123456"


async def test_a_customer_holds_many_accounts_listed_page_by_page(partner: Caller) -> None:
    # R-HIER-02: a customer has many accounts — here end users, with a phone or extension where they call.
    customer = (await partner.create_customer(packages={"meetings": 30, "calling_standard": 10}))["id"]
    bodies = [user() for _ in range(12)] + [user("calling_standard", extension=f"20{i:02}") for i in range(5)]
    for body in bodies:
        assert (await partner.customers.post(f"/v1/customers/{customer}/users", json=body)).status_code == 201

    seen: list[dict] = []
    params: dict[str, str | int] = {"limit": 5}
    while True:
        page = (await partner.customers.get(f"/v1/customers/{customer}/users", params=params)).json()
        seen += page["items"]
        if not page.get("next_cursor"):
            break
        params = {"limit": 5, "cursor": page["next_cursor"]}
    assert sorted(u["email"] for u in seen) == sorted(b["email"] for b in bodies)
    assert sorted(u["extension"] for u in seen if u["extension"]) == [f"20{i:02}" for i in range(5)]


async def test_a_package_change_with_a_stale_version_is_refused(partner: Caller) -> None:
    customer = (await partner.create_customer(packages={"meetings": 2, "enterprise": 2}))["id"]
    body = user(extension="2001")
    created = (await partner.customers.post(f"/v1/customers/{customer}/users", json=body)).json()
    path = f"/v1/customers/{customer}/users/{created['id']}/package"
    read = f'"{created["version"]}"'

    moved = await partner.customers.put(path, json={"package": "enterprise"}, headers={"If-Match": read})
    stale = await partner.customers.put(path, json={"package": "meetings"}, headers={"If-Match": read})

    assert moved.status_code == 200, moved.text
    assert moved.headers["etag"] == f'"{created["version"] + 1}"'
    assert stale.status_code == 412
    assert stale.json()["current_etag"] == moved.headers["etag"]
    users = (await partner.customers.get(f"/v1/customers/{customer}/users")).json()["items"]
    assert [u["package"] for u in users] == ["enterprise"]


async def test_an_extension_or_a_phone_number_belongs_to_one_user_of_a_customer(partner: Caller) -> None:
    # Decision (docs/decisions.md, users): extensions and phone numbers are unique within a customer,
    # checked under the customer lock the seat check holds, backed by partial unique indexes.
    customer = (await partner.create_customer(packages={"enterprise": 20}))["id"]
    other = (await partner.create_customer(packages={"enterprise": 5}))["id"]
    users = f"/v1/customers/{customer}/users"
    first = await partner.customers.post(users, json=user("enterprise", extension="2001", phone_number="+4722123456"))
    assert first.status_code == 201, first.text

    taken = await partner.customers.post(users, json=user("enterprise", extension="2001"))
    assert taken.status_code == 409, taken.text
    assert taken.json()["field"] == "extension"
    number = await partner.customers.post(users, json=user("enterprise", extension="2002", phone_number="+4722123456"))
    assert number.status_code == 409, number.text
    assert number.json()["field"] == "phone_number"
    racing = await asyncio.gather(
        *(partner.customers.post(users, json=user("enterprise", extension="3001")) for _ in range(6))
    )
    assert sorted(r.status_code for r in racing) == [201] + [409] * 5
    elsewhere = f"/v1/customers/{other}/users"
    again = await partner.customers.post(
        elsewhere, json=user("enterprise", extension="2001", phone_number="+4722123456")
    )
    assert again.status_code == 201, again.text  # another customer's numbering plan is its own
