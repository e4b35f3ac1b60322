"""The onboarding saga end to end: customers → Kafka → rpl_screening → Kafka → customers, on real ports."""

from __future__ import annotations

import asyncio
from datetime import timedelta

import pytest

from devstack import testing
from devstack.services import Services
from devstack.testing import Caller

pytestmark = pytest.mark.asyncio(loop_scope="session")

LISTED_NAME = "Banco Nacional de Cuba"  # an SDN entity


async def flagged_case(root: Caller, partner: Caller) -> tuple[dict, dict]:
    created = await partner.create_customer(name=LISTED_NAME, billing_address=testing.address("CU", city="Havana"))
    customer = await partner.wait_for_state(created["id"], "pending_rpl_review")
    case_id = customer["screening"]["review_case_id"]
    response = await root.rpl.get(f"/v1/review-cases/{case_id}")
    assert response.status_code == 200, response.text
    return customer, response.json()


async def test_clean_customer_is_provisioned(partner: Caller, services: Services) -> None:
    # R-CUST-01, R-RPL-01, R-RPL-02, R-CUST-10: registered by one API call, answered at once in
    # `provisioning`, then provisioned without interruption.
    response = await partner.customers.post("/v1/customers", json=testing.customer_body())
    assert response.status_code == 202
    assert response.json()["state"] == "provisioning"
    assert response.headers["Location"].endswith(f"/v1/customers/{response.json()['id']}")

    customer = await partner.wait_for_state(response.json()["id"], "provisioned")

    assert customer["screening"]["status"] == "cleared"
    assert customer["country"] == "NO"  # R-CUST-08: the billing country is the organisation country
    # The provisioned event reaches the downstream services' directories.
    for downstream in (partner.pstn, partner.cc):
        for _ in range(100):
            known = await downstream.get(f"/v1/customers/{customer['id']}")
            if known.status_code == 200:
                break
            await asyncio.sleep(0.1)
        assert known.json()["state"] == "provisioned"


async def test_flagged_customer_waits_for_review_and_is_provisioned_when_approved(
    root: Caller, partner: Caller
) -> None:
    # R-RPL-03, R-RPL-04, R-RPL-06
    customer, case = await flagged_case(root, partner)
    assert case["state"] == "open"
    evidence = case["screening"]
    assert evidence["outcome"] == "flagged"
    assert evidence["list_versions"], "the screening names the list versions it ran against"
    assert any("CUBA" in m["entry_name"].upper() for m in evidence["matches"])
    assert all({"entry_uid", "score", "matched_name", "list_source"} <= m.keys() for m in evidence["matches"])

    response = await root.rpl.post(f"/v1/review-cases/{case['id']}/approve", json={"reason": "Different entity."})
    assert response.status_code == 200, response.text

    provisioned = await partner.wait_for_state(customer["id"], "provisioned")
    assert provisioned["screening"]["status"] == "approved"
    detail = (await root.rpl.get(f"/v1/review-cases/{case['id']}")).json()
    assert detail["decisions"][0] | {"created_at": None} == {
        "action": "approved",
        "actor": root.client_id,
        "reason": "Different entity.",
        "list_versions": evidence["list_versions"],
        "created_at": None,
    }
    again = await root.rpl.post(f"/v1/review-cases/{case['id']}/reject", json={"reason": "changed my mind"})
    assert again.status_code == 409
    assert again.json()["type"].endswith("/review-case-closed")


async def test_flagged_customer_rejected_by_reviewer_ends_in_error(root: Caller, partner: Caller) -> None:
    # R-RPL-04: not approved → error, onboarding stops; R-RPL-06: the reason is recorded.
    customer, case = await flagged_case(root, partner)
    response = await root.rpl.post(f"/v1/review-cases/{case['id']}/reject", json={"reason": "Confirmed listed party."})
    assert response.status_code == 200, response.text

    failed = await partner.wait_for_state(customer["id"], "error")
    # The partner sees a neutral reason; the reviewer's own words stay in the case (decisions.md, screening).
    assert failed["error"] == {"reason": "rpl_rejected", "detail": "Onboarding stopped after restricted-party review."}
    assert (await root.rpl.get(f"/v1/review-cases/{case['id']}")).json()["decisions"][-1]["reason"] == (
        "Confirmed listed party."
    )


async def test_review_not_resolved_within_72_hours_expires_into_error(
    root: Caller, partner: Caller, services: Services
) -> None:
    # R-RPL-04: the 72-hour window is a durable timer on the service's clock.
    customer, case = await flagged_case(root, partner)
    services.clock.advance(timedelta(hours=71))
    await services.rpl_screening.runtime.timers.fire_due()
    assert (await root.rpl.get(f"/v1/review-cases/{case['id']}")).json()["state"] == "open"

    services.clock.advance(timedelta(hours=2))
    failed = await partner.wait_for_state(customer["id"], "error")

    assert failed["error"]["reason"] == "rpl_review_expired"
    detail = (await root.rpl.get(f"/v1/review-cases/{case['id']}")).json()
    assert detail["state"] == "expired"
    assert detail["decisions"][-1]["actor"] == "system"


async def test_billing_address_change_screens_the_customer_again(root: Caller, partner: Caller) -> None:
    # R-RPL-01: a billing address change is screened again, with the new address.
    created = await partner.create_customer()
    customer = await partner.wait_for_state(created["id"], "provisioned")
    new_address = testing.address("SE", line1="Drottninggatan 5", city="Stockholm", postal_code="111 51")
    response = await partner.customers.put(
        f"/v1/customers/{created['id']}/billing-address",
        json={"billing_address": new_address},
        headers={"If-Match": f'"{customer["version"]}"'},
    )
    assert response.status_code == 202, response.text
    assert response.json()["screening"]["status"] == "pending"
    assert response.json()["country"] == "SE"

    screenings = await _screenings(root, created["id"], count=2)

    assert [s["trigger"] for s in screenings] == ["customer.created.v1", "customer.billing_address_changed.v1"]
    assert screenings[1]["party"]["address"]["city"] == "Stockholm"
    # The customer stays live while it is screened again; the screening status follows the outcome.
    assert (await _screening_settled(partner, created["id"]))["screening"]["status"] == "cleared"


async def test_stale_if_match_is_refused_and_changes_nothing(partner: Caller) -> None:
    created = await partner.create_customer()
    response = await partner.customers.put(
        f"/v1/customers/{created['id']}/billing-address",
        json={"billing_address": testing.address("SE", city="Stockholm")},
        headers={"If-Match": '"999"'},
    )
    assert response.status_code == 412
    assert response.headers["content-type"] == "application/problem+json"
    assert (await partner.customers.get(f"/v1/customers/{created['id']}")).json()["country"] == "NO"


async def _screening_settled(caller: Caller, customer_id: str) -> dict:
    for _ in range(300):
        customer: dict = (await caller.customers.get(f"/v1/customers/{customer_id}")).json()
        if customer["screening"]["status"] != "pending":
            return customer
        await asyncio.sleep(0.1)
    raise AssertionError(f"the screening of {customer_id} never settled")


async def _screenings(root: Caller, customer_id: str, *, count: int) -> list[dict]:
    for _ in range(300):
        items: list[dict] = (await root.rpl.get("/v1/screenings", params={"customer_id": customer_id})).json()["items"]
        if len(items) >= count:
            return items
        await asyncio.sleep(0.1)
    raise AssertionError(f"fewer than {count} screenings of {customer_id}")
