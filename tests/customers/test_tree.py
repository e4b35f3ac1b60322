"""The reseller tree: every read, list and search stays inside the caller's own subtree (R-HIER-01..03)."""

from __future__ import annotations

import uuid

import pytest

from devstack import testing
from devstack.services import Services
from devstack.testing import Caller

pytestmark = pytest.mark.asyncio(loop_scope="session")


async def test_a_reseller_at_depth_two_sees_its_own_subtree_and_nothing_else(services: Services, root: Caller) -> None:
    # R-HIER-01: customers of any depth; a customer that creates customers becomes their parent.
    # R-HIER-03: never above, never beside — by id, in lists and in searches; outside answers 404.
    tag = uuid.uuid4().hex[:6]
    partner_a = await testing.partner(services, root, name="Fjordline Bakery Supplies")
    partner_b = await testing.partner(services, root, name="Fjordline Bakery Supplies")
    reseller = await testing.partner(services, partner_a, name="Fjordline Bakery Supplies")
    sibling = await testing.partner(services, partner_a, name="Fjordline Bakery Supplies")
    own_child = await reseller.create_customer(external_id=f"tree-{tag}-own")
    grandchild_caller = await testing.partner(services, reseller, name="Fjordline Bakery Supplies")
    grandchild = await grandchild_caller.create_customer(external_id=f"tree-{tag}-deep")
    siblings_child = await sibling.create_customer(external_id=f"tree-{tag}-sibling")
    cousin = await partner_b.create_customer(external_id=f"tree-{tag}-cousin")

    mine = {own_child["id"], grandchild["id"], str(grandchild_caller.customer_id)}
    for outside in (partner_a.customer_id, sibling.customer_id, siblings_child["id"], cousin["id"], root.customer_id):
        assert (await reseller.customers.get(f"/v1/customers/{outside}")).status_code == 404
    for inside in mine:
        assert (await reseller.customers.get(f"/v1/customers/{inside}")).status_code == 200

    listed = {c["id"] for c in await _all(reseller, {"limit": 2})}
    assert listed == mine
    searched = {c["id"] for c in await _all(reseller, {"name": "bakery"})}
    assert searched == mine
    children = {c["id"] for c in await _all(reseller, {"scope": "children"})}
    assert children == {own_child["id"], str(grandchild_caller.customer_id)}

    # The partner above sees the reseller's subtree as part of its own.
    of_a = {c["id"] for c in await _all(partner_a, {})}
    assert mine | {siblings_child["id"], str(reseller.customer_id), str(sibling.customer_id)} <= of_a
    assert cousin["id"] not in of_a
    for caller in (partner_a, partner_b, reseller, sibling, grandchild_caller):
        await caller.aclose()


async def _all(caller: Caller, params: dict) -> list[dict]:
    items: list[dict] = []
    cursor = None
    while True:
        query = params | ({"cursor": cursor} if cursor else {})
        response = await caller.customers.get("/v1/customers", params=query)
        assert response.status_code == 200, response.text
        page = response.json()
        items += page["items"]
        if not (cursor := page["next_cursor"]):
            return items
