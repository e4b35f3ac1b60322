"""The partners' PSTN programme (R-PSTN-02): set by the platform root only, read by the partner itself."""

from __future__ import annotations

import pytest

from devstack import testing
from devstack.services import Services
from devstack.stack import Stack
from devstack.testing import Caller

pytestmark = pytest.mark.asyncio(loop_scope="session")

ENROLLED = {"enrolled": True, "calling_addendum_accepted": True}


async def test_the_root_enrols_a_partner_and_the_partner_reads_it(partner: Caller, root: Caller, stack: Stack) -> None:
    # R-PSTN-02: enrolled, with the calling addendum accepted.
    path = f"/v1/customers/{partner.customer_id}/pstn-programme"
    before = await partner.customers.get(path)
    assert before.json() | {"enrolled": False, "calling_plan_available": False, "version": 0} == before.json()

    enrolled_only = await root.customers.put(path, json={"enrolled": True, "calling_addendum_accepted": False})
    assert enrolled_only.json()["calling_plan_available"] is False
    accepted = await root.customers.put(path, json=ENROLLED, headers={"If-Match": enrolled_only.headers["ETag"]})
    assert accepted.status_code == 200, accepted.text
    assert accepted.json()["calling_plan_available"] is True
    accepted_at = accepted.json()["calling_addendum_accepted_at"]
    assert accepted_at is not None
    stale = await root.customers.put(path, json=ENROLLED, headers={"If-Match": enrolled_only.headers["ETag"]})
    assert stale.status_code == 412

    read = await partner.customers.get(path)
    assert read.json() == accepted.json()
    again = await root.customers.put(path, json=ENROLLED)  # the first acceptance is kept
    assert again.json()["calling_addendum_accepted_at"] == accepted_at
    seen = await testing.customer_event_types(
        stack, str(partner.customer_id), until="customer.pstn_programme_changed.v1"
    )
    assert seen[-1] == "customer.pstn_programme_changed.v1"


async def test_only_the_root_changes_a_partners_programme(services: Services, partner: Caller, root: Caller) -> None:
    # R-PSTN-02: the provider authorises partners; a partner cannot enrol itself or its customers.
    itself = await partner.customers.put(f"/v1/customers/{partner.customer_id}/pstn-programme", json=ENROLLED)
    assert itself.status_code == 403
    customer = await partner.create_customer()
    below = await partner.customers.put(f"/v1/customers/{customer['id']}/pstn-programme", json=ENROLLED)
    assert below.status_code == 403
    await partner.wait_for_state(customer["id"], "provisioned")
    not_a_partner = await root.customers.put(f"/v1/customers/{customer['id']}/pstn-programme", json=ENROLLED)
    assert not_a_partner.status_code == 409
    assert not_a_partner.json() | {"rule": "R-PSTN-02"} == not_a_partner.json()
    assert not_a_partner.json()["type"].endswith("/not-a-partner")

    sibling = await testing.partner(services, root, name="Baltic Voice Partner AB")
    try:
        hidden = await sibling.customers.get(f"/v1/customers/{partner.customer_id}/pstn-programme")
        assert hidden.status_code == 404  # R-HIER-03
    finally:
        await sibling.aclose()
