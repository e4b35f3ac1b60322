"""What a provider's OSS/BSS meets at the customers API edge: bad input, retries, tenancy."""

from __future__ import annotations

import uuid

import httpx
import pytest

from devstack import testing
from devstack.services import Services
from devstack.testing import Caller

pytestmark = pytest.mark.asyncio(loop_scope="session")

PROBLEM = "application/problem+json"


async def stored_with_external_id(caller: Caller, external_id: str) -> list[dict]:
    response = await caller.customers.get("/v1/customers", params={"external_id": external_id})
    assert response.status_code == 200, response.text
    items: list[dict] = response.json()["items"]
    return items


async def test_an_unknown_country_is_refused_naming_the_field_and_nothing_is_stored(partner: Caller) -> None:
    # R-CUST-08: the billing country is an ISO 3166 country.
    body = testing.customer_body(billing_address=testing.address("XX"))
    response = await partner.customers.post("/v1/customers", json=body)

    assert response.status_code == 422
    assert response.headers["content-type"] == PROBLEM
    problem = response.json()
    assert [p["name"] for p in problem["invalid_params"]] == ["billing_address.country"]
    assert "XX" in problem["invalid_params"][0]["reason"]
    assert await stored_with_external_id(partner, body["external_id"]) == []


async def test_a_missing_billing_address_is_refused_naming_the_field(partner: Caller) -> None:
    body = testing.customer_body()
    del body["billing_address"]
    response = await partner.customers.post("/v1/customers", json=body)

    assert response.status_code == 422
    assert response.headers["content-type"] == PROBLEM
    assert [p["name"] for p in response.json()["invalid_params"]] == ["billing_address"]
    assert await stored_with_external_id(partner, body["external_id"]) == []


async def test_malformed_json_is_a_400_problem(partner: Caller) -> None:
    response = await partner.customers.post(
        "/v1/customers", content=b'{"name": "Half', headers={"content-type": "application/json"}
    )

    assert response.status_code == 400
    assert response.headers["content-type"] == PROBLEM
    assert response.json()["type"].endswith("/malformed-json")


async def test_a_body_that_is_not_json_is_a_415_problem(partner: Caller) -> None:
    external_id = f"form-{uuid.uuid4().hex[:8]}"
    response = await partner.customers.post(
        "/v1/customers",
        content=f"external_id={external_id}&name=Form+Co".encode(),
        headers={"content-type": "application/x-www-form-urlencoded"},
    )

    assert response.status_code == 415
    assert response.headers["content-type"] == PROBLEM
    assert await stored_with_external_id(partner, external_id) == []


async def test_an_oversized_body_is_a_413_problem(partner: Caller, services: Services) -> None:
    limit = services.customers.runtime.settings.max_body_bytes
    body = testing.customer_body(name="Big Body Ltd", padding="x" * (limit + 1))
    response = await partner.customers.post("/v1/customers", json=body)

    assert response.status_code == 413
    assert response.headers["content-type"] == PROBLEM
    assert await stored_with_external_id(partner, body["external_id"]) == []


async def test_a_retried_create_with_the_same_idempotency_key_makes_one_customer(partner: Caller) -> None:
    body = testing.customer_body()
    key = str(uuid.uuid4())
    first = await partner.customers.post("/v1/customers", json=body, headers={"Idempotency-Key": key})
    retry = await partner.customers.post("/v1/customers", json=body, headers={"Idempotency-Key": key})

    assert first.status_code == retry.status_code == 202
    assert retry.json()["id"] == first.json()["id"]
    assert retry.headers["location"] == first.headers["location"]
    assert len(await stored_with_external_id(partner, body["external_id"])) == 1


async def test_the_same_idempotency_key_with_another_body_is_refused(partner: Caller) -> None:
    key = str(uuid.uuid4())
    first = await partner.customers.post(
        "/v1/customers", json=testing.customer_body(), headers={"Idempotency-Key": key}
    )
    other = testing.customer_body(name="Another Body AS")
    reused = await partner.customers.post("/v1/customers", json=other, headers={"Idempotency-Key": key})

    assert first.status_code == 202
    assert reused.status_code == 422
    assert reused.headers["content-type"] == PROBLEM
    assert await stored_with_external_id(partner, other["external_id"]) == []


async def test_an_external_id_is_unique_per_partner(partner: Caller) -> None:
    body = testing.customer_body()
    assert (await partner.customers.post("/v1/customers", json=body)).status_code == 202
    again = await partner.customers.post("/v1/customers", json=body | {"name": "Second Try AS"})

    assert again.status_code == 409
    assert again.headers["content-type"] == PROBLEM
    assert len(await stored_with_external_id(partner, body["external_id"])) == 1


async def test_a_partner_cannot_see_another_partners_customer(
    services: Services, root: Caller, partner: Caller
) -> None:
    # R-HIER-03: outside the caller's subtree answers 404, and lists never show it.
    other = await testing.partner(services, root, name="Other Partner Oy")
    theirs = await other.create_customer()

    assert (await partner.customers.get(f"/v1/customers/{theirs['id']}")).status_code == 404
    listed = await partner.customers.get("/v1/customers", params={"external_id": theirs["external_id"]})
    assert listed.json()["items"] == []
    change = await partner.customers.put(
        f"/v1/customers/{theirs['id']}/billing-address", json={"billing_address": testing.address("SE")}
    )
    assert change.status_code == 404
    assert (await other.customers.get(f"/v1/customers/{theirs['id']}")).json()["country"] == "NO"
    await other.aclose()


async def test_a_request_without_a_token_is_401(services: Services) -> None:
    async with httpx.AsyncClient(base_url=services.customers.url) as anonymous:
        response = await anonymous.get("/v1/customers")

    assert response.status_code == 401
    assert response.headers["content-type"] == PROBLEM
    assert response.headers["www-authenticate"].lower().startswith("bearer")


async def test_lists_page_with_a_cursor_and_filter_by_state(partner: Caller) -> None:
    made = [await partner.create_customer() for _ in range(3)]
    for customer in made:
        await partner.wait_for_state(customer["id"], "provisioned")

    seen: list[str] = []
    cursor = None
    while True:
        params: dict[str, str | int] = {"limit": 2, "state": "provisioned"}
        if cursor:
            params["cursor"] = cursor
        page = (await partner.customers.get("/v1/customers", params=params)).json()
        assert len(page["items"]) <= 2
        assert all(item["state"] == "provisioned" for item in page["items"])
        seen += [item["id"] for item in page["items"]]
        cursor = page["next_cursor"]
        if cursor is None:
            break

    assert {c["id"] for c in made} <= set(seen)
    assert len(seen) == len(set(seen))
