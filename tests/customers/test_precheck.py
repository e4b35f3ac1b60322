"""Dry runs: a provider asks what a create would refuse, and nothing changes."""

from __future__ import annotations

import pytest

from devstack import testing
from devstack.testing import Caller

pytestmark = pytest.mark.asyncio(loop_scope="session")


async def test_a_customer_precheck_answers_every_rule_that_would_refuse_it(partner: Caller) -> None:
    taken = await partner.create_customer()
    body = testing.customer_body(
        external_id=taken["external_id"],
        packages={"platinum": 3},
        tariff_id="00000000-0000-0000-0000-0000000000a1",  # the root's tariff, not this partner's
    )
    response = await partner.customers.post("/v1/customers/precheck", json=body)

    assert response.status_code == 200
    result = response.json()
    assert result["ok"] is False
    assert {p["type"].rsplit("/", 1)[-1] for p in result["problems"]} == {"external-id-taken", "validation-failed"}
    assert {p.get("rule") for p in result["problems"]} >= {"R-CUST-04", "R-HIER-05"}
    assert len(result["problems"]) == 3

    clean = testing.customer_body()
    assert (await partner.customers.post("/v1/customers/precheck", json=clean)).json() == {"ok": True, "problems": []}
    stored = await partner.customers.get("/v1/customers", params={"external_id": clean["external_id"]})
    assert stored.json()["items"] == []  # a precheck stores nothing


async def test_a_user_precheck_finds_the_full_package_and_stores_nothing(partner: Caller) -> None:
    customer = (await partner.create_customer(packages={"meetings": 1}))["id"]
    first = {"email": "first@example.com", "name": "First", "package": "meetings"}
    ok = await partner.customers.post(f"/v1/customers/{customer}/users/precheck", json=first)
    assert ok.json() == {"ok": True, "problems": []}
    assert (await partner.customers.get(f"/v1/customers/{customer}/users")).json()["items"] == []

    assert (await partner.customers.post(f"/v1/customers/{customer}/users", json=first)).status_code == 201
    full = await partner.customers.post(
        f"/v1/customers/{customer}/users/precheck", json=first | {"email": "second@example.com"}
    )
    problem = full.json()["problems"][0]
    assert (problem["package"], problem["cap"], problem["in_use"]) == ("meetings", 1, 1)
