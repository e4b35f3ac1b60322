"""Managing a customer after registration (R-CUST-02): cancel, delete, re-run provisioning."""

from __future__ import annotations

import pytest

from devstack import testing
from devstack.services import Services
from devstack.stack import Stack
from devstack.testing import Caller

pytestmark = pytest.mark.asyncio(loop_scope="session")


async def test_a_cancelled_customer_leaves_active_listings_and_stays_readable(partner: Caller, stack: Stack) -> None:
    # R-CUST-07
    created = await partner.create_customer()
    await partner.wait_for_state(created["id"], "provisioned")
    response = await partner.customers.post(f"/v1/customers/{created['id']}/cancel")

    assert response.json()["state"] == "cancelled"
    active = (await partner.customers.get("/v1/customers", params={"external_id": created["external_id"]})).json()
    assert active["items"] == []
    cancelled = await partner.customers.get(
        "/v1/customers", params={"external_id": created["external_id"], "state": "cancelled"}
    )
    assert [c["id"] for c in cancelled.json()["items"]] == [created["id"]]
    assert "customer.cancelled.v1" in await testing.customer_event_types(
        stack, created["id"], until="customer.cancelled.v1"
    )


async def test_deleting_a_customer_with_children_needs_a_cascade_and_keeps_the_ledger(
    services: Services, partner: Caller, stack: Stack
) -> None:
    # R-HIER-09
    reseller = await testing.partner(services, partner, name="Fjordline Bakery Supplies")
    child = await reseller.create_customer()
    await partner.customers.post(
        f"/v1/customers/{reseller.customer_id}/transactions", json={"kind": "add_funds", "amount": "5.00"}
    )

    refused = await partner.customers.delete(f"/v1/customers/{reseller.customer_id}")
    assert refused.status_code == 409
    assert refused.json() | {"children": 1, "rule": "R-HIER-09"} == refused.json()

    deleted = await partner.customers.delete(f"/v1/customers/{reseller.customer_id}", params={"cascade": "true"})
    assert deleted.status_code == 204
    listed = {c["id"] for c in (await partner.customers.get("/v1/customers", params={"limit": 200})).json()["items"]}
    assert str(reseller.customer_id) not in listed
    assert child["id"] not in listed
    ledger = await partner.customers.get(f"/v1/customers/{reseller.customer_id}/ledger")
    assert [e["kind"] for e in ledger.json()["items"]] == ["opening", "add_funds"]
    assert (await testing.customer_event_types(stack, child["id"], until="customer.deleted.v1"))[
        -1
    ] == "customer.deleted.v1"
    await reseller.aclose()


async def test_provisioning_runs_again_for_a_provisioned_customer_only(partner: Caller, stack: Stack) -> None:
    # R-CUST-11
    created = await partner.create_customer()
    await partner.wait_for_state(created["id"], "provisioned")

    run = await partner.customers.post(f"/v1/customers/{created['id']}/provisioning-runs")
    assert run.status_code == 202
    assert "customer.provisioning_rerun.v1" in await testing.customer_event_types(
        stack, created["id"], until="customer.provisioning_rerun.v1"
    )

    await partner.customers.post(f"/v1/customers/{created['id']}/cancel")
    after_cancel = await partner.customers.post(f"/v1/customers/{created['id']}/provisioning-runs")
    assert after_cancel.status_code == 409


async def test_a_partners_own_subscription_appears_in_its_own_list(partner: Caller) -> None:
    # R-CUST-07: the partner's own wholesale subscription is listed among its customers; R-HIER-10: kinds.
    own = await partner.create_customer(kind="own_organisation")
    reseller = await partner.create_customer(kind="reseller")

    listed = {
        c["id"]: c["kind"]
        for c in (await partner.customers.get("/v1/customers", params={"limit": 200})).json()["items"]
    }
    assert listed[own["id"]] == "own_organisation"
    assert listed[reseller["id"]] == "reseller"
    bad = await partner.customers.post("/v1/customers", json=testing.customer_body(kind="wizard"))
    assert [p["name"] for p in bad.json()["invalid_params"]] == ["kind"]
