"""Trial or paid subscriptions, and add-ons changed after registration (R-CUST-05), as the customers service keeps
them and as pstn_orders and cc_setup learn them."""

from __future__ import annotations

import asyncio
from typing import Any

import httpx
import pytest

from devstack import testing
from devstack.stack import Stack
from devstack.testing import Caller

pytestmark = pytest.mark.asyncio(loop_scope="session")


async def known(http: httpx.AsyncClient, customer_id: str, **expected: Any) -> dict[str, Any]:
    """What a downstream service knows of the customer, once it shows `expected`."""
    deadline = asyncio.get_running_loop().time() + 30
    while True:
        response = await http.get(f"/v1/customers/{customer_id}")
        body: dict[str, Any] = response.json() if response.status_code == 200 else {}
        if body and body | expected == body:
            return body
        if asyncio.get_running_loop().time() > deadline:
            raise AssertionError(f"{customer_id}: {body or response.text} never showed {expected}")
        await asyncio.sleep(0.1)


async def test_a_trial_customer_converts_to_paid_once(partner: Caller, stack: Stack) -> None:
    # R-PSTN-07 and R-PSTN-31 ask downstream whether the customer is on trial: they learn it by events.
    created = await partner.create_customer(subscription="trial")
    assert created["subscription"] == "trial"
    await partner.wait_for_state(created["id"], "provisioned")
    await known(partner.pstn, created["id"], subscription="trial", state="provisioned")

    etag = (await partner.customers.get(f"/v1/customers/{created['id']}")).headers["ETag"]
    converted = await partner.customers.post(f"/v1/customers/{created['id']}/conversion", headers={"If-Match": etag})
    assert converted.status_code == 200, converted.text
    assert converted.json()["subscription"] == "paid"
    again = await partner.customers.post(f"/v1/customers/{created['id']}/conversion")
    assert again.status_code == 409
    assert again.json()["type"].endswith("/subscription-already-paid")

    await known(partner.pstn, created["id"], subscription="paid")
    await known(partner.cc, created["id"], subscription="paid")
    seen = await testing.customer_event_types(stack, created["id"], until="customer.subscription_changed.v1")
    assert seen[-1] == "customer.subscription_changed.v1"


async def test_a_customer_is_paid_unless_created_as_a_trial(partner: Caller) -> None:
    created = await partner.create_customer()
    assert created["subscription"] == "paid"
    refused = await partner.customers.post("/v1/customers", json=testing.customer_body(subscription="free"))
    assert refused.status_code == 422
    assert [p["name"] for p in refused.json()["invalid_params"]] == ["subscription"]


async def test_the_provider_calling_plan_is_an_orderable_addon(partner: Caller) -> None:
    # R-CUST-05: the calling plan is the first add-on that is orderable (R-PSTN-02 needs a calling-plan order);
    # the attendant console still is not.
    items = {i["code"]: i for i in (await partner.customers.get("/v1/catalogue")).json()}
    assert items["provider_calling_plan"] | {"kind": "addon", "orderable": True} == items["provider_calling_plan"]

    created = await partner.create_customer(addons={"provider_calling_plan": 10})
    assert created["addons"] == {"provider_calling_plan": 10}
    await partner.wait_for_state(created["id"], "provisioned")
    await known(partner.pstn, created["id"], addons={"provider_calling_plan": 10})


async def test_addon_quantities_change_with_an_event_and_reach_the_directories(partner: Caller, stack: Stack) -> None:
    # R-CUST-05: orderable add-ons only, named by field when refused.
    created = await partner.create_customer()
    await partner.wait_for_state(created["id"], "provisioned")
    path = f"/v1/customers/{created['id']}/addons"

    refused = await partner.customers.put(path, json={"addons": {"attendant_console": 1}})
    assert refused.status_code == 422
    assert refused.json()["rule"] == "R-CUST-05"
    assert refused.json()["invalid_params"][0]["name"] == "addons.attendant_console"
    unknown = await partner.customers.put(path, json={"addons": {"golden_numbers": 1}})
    assert unknown.json()["invalid_params"][0]["name"] == "addons.golden_numbers"

    etag = (await partner.customers.get(f"/v1/customers/{created['id']}")).headers["ETag"]
    changed = await partner.customers.put(
        path, json={"addons": {"provider_calling_plan": 25}}, headers={"If-Match": etag}
    )
    assert changed.status_code == 200, changed.text
    assert changed.json()["addons"] == {"provider_calling_plan": 25}
    stale = await partner.customers.put(
        path, json={"addons": {"provider_calling_plan": 30}}, headers={"If-Match": etag}
    )
    assert stale.status_code == 412

    await known(partner.pstn, created["id"], addons={"provider_calling_plan": 25})
    await known(partner.cc, created["id"], addons={"provider_calling_plan": 25})
    seen = await testing.customer_event_types(stack, created["id"], until="customer.addons_changed.v1")
    assert seen[-1] == "customer.addons_changed.v1"


async def test_a_cancelled_customer_neither_converts_nor_changes_addons(partner: Caller) -> None:
    created = await partner.create_customer(subscription="trial")
    await partner.wait_for_state(created["id"], "provisioned")
    await partner.customers.post(f"/v1/customers/{created['id']}/cancel")

    conversion = await partner.customers.post(f"/v1/customers/{created['id']}/conversion")
    addons = await partner.customers.put(
        f"/v1/customers/{created['id']}/addons", json={"addons": {"provider_calling_plan": 1}}
    )
    assert (conversion.status_code, addons.status_code) == (409, 409)
    assert conversion.json()["type"].endswith("/customer-closed")
    assert (await partner.customers.get(f"/v1/customers/{created['id']}")).json()["subscription"] == "trial"
