"""Contact-center trials and subscription orders (R-CC-01, R-CC-10, R-CC-16)."""

from __future__ import annotations

import pytest

from contracts.enums import Role
from contracts.events import CustomerSuspended
from devstack.in_process import principal_below, root_principal
from tests.cc_setup.conftest import ORDER, TRIAL, CcWorld

pytestmark = pytest.mark.asyncio(loop_scope="session")


async def test_a_partner_starts_a_trial_and_the_answer_continues_into_setup(cc: CcWorld) -> None:
    # R-CC-01: a partner administrator starts the trial; R-CC-16: the answer offers setup straight away
    answer = await cc.client().post(f"{cc.base}/trials", json=TRIAL)
    assert answer.status_code == 201, answer.text
    trial = answer.json()
    assert trial["kind"] == "trial"
    assert trial["administrator_email"] == TRIAL["administrator_email"]  # kept for the welcome email (R-CC-02)
    assert trial["licences"] == {"standard_agent": 5, "premium_agent": 0, "supervisor": 1}
    setup_href = f"/v1/customers/{cc.customer_id}/contact-center/setup"
    assert trial["continue_to_setup"]["href"] == setup_href
    assert trial["continue_to_setup"]["message"].startswith("Your trial is ready.")
    assert answer.headers["Link"] == f'<{setup_href}>; rel="setup"'
    followed = await cc.client().get(setup_href)
    assert followed.status_code == 200, followed.text
    assert followed.json()["setup_required"] is True
    [event] = await cc.events("cc.trial_started.v1")
    assert event["country"] == "NO"
    assert event["administrator_email"] == TRIAL["administrator_email"]


async def test_the_customer_administrator_maps_a_subscription_order_in_the_same_flow(cc: CcWorld) -> None:
    # R-CC-01: the customer's own administrator may do it too; the same flow serves orders
    order = await cc.map_order(cc.customer, addons=["cc_pstn", "cc_ai"])
    assert order["kind"] == "subscription"
    assert order["order_reference"] == "SO-2026-004211"
    assert order["addons"] == ["cc_ai", "cc_pstn"]
    assert order["continue_to_setup"]["message"].startswith("Thank you. The order was mapped.")  # R-CC-16
    [event] = await cc.events("cc.order_mapped.v1")
    assert event["mapped_by"] == cc.customer.client_id
    read = await cc.client(cc.readonly).get(f"{cc.base}/order")
    assert read.status_code == 200
    assert read.json()["id"] == order["id"]


async def test_the_contact_center_administrator_may_start_a_trial(cc: CcWorld) -> None:
    # R-CC-01: "the customer administrator" includes the contact-center administrator
    await cc.start_trial(cc.cc_admin)


async def test_a_read_only_administrator_cannot_start_a_trial(cc: CcWorld) -> None:
    answer = await cc.client(cc.readonly).post(f"{cc.base}/trials", json=TRIAL)
    assert answer.status_code == 403, answer.text
    assert await cc.events("cc.trial_started.v1") == []


async def test_a_trial_cannot_take_the_contact_center_pstn_add_on(cc: CcWorld) -> None:
    # R-CC-10: the PSTN add-on is not available to trials
    answer = await cc.client().post(f"{cc.base}/trials", json=TRIAL | {"country": "US", "addons": ["cc_pstn"]})
    assert answer.status_code == 422, answer.text
    problem = answer.json()
    assert problem["rule"] == "R-CC-10"
    assert problem["invalid_params"][0]["name"] == "addons"
    assert (await cc.client().get(f"{cc.base}/order")).status_code == 404  # nothing was created


async def test_the_pstn_add_on_is_for_the_united_states_only(cc: CcWorld) -> None:
    # R-CC-10: United States only
    answer = await cc.client().post(
        f"{cc.base}/subscription-orders", json=ORDER | {"country": "NO", "addons": ["cc_pstn"]}
    )
    assert answer.status_code == 422, answer.text
    assert answer.json()["rule"] == "R-CC-10"


async def test_a_suspended_customer_cannot_start_a_trial(cc: CcWorld) -> None:
    await cc.deliver(CustomerSuspended(**cc.tenancy(), reason="unpaid invoices"))
    answer = await cc.client().post(f"{cc.base}/trials", json=TRIAL)
    assert answer.status_code == 409, answer.text
    assert answer.json()["type"].endswith("/customer-not-active")


async def test_a_customer_not_known_here_or_of_another_partner_answers_404(cc: CcWorld) -> None:
    stranger = principal_below(root_principal(), Role.PARTNER_ADMIN)
    answer = await cc.client(stranger).post(f"{cc.base}/trials", json=TRIAL)
    assert answer.status_code == 404, answer.text


async def test_a_customer_has_one_contact_center_order(cc: CcWorld) -> None:
    await cc.start_trial()
    again = await cc.client().post(f"{cc.base}/subscription-orders", json=ORDER)
    assert again.status_code == 409, again.text
    assert again.json()["type"].endswith("/contact-center-order-exists")


async def test_a_retried_trial_with_the_same_idempotency_key_starts_one_trial(cc: CcWorld) -> None:
    headers = {"Idempotency-Key": "trial-1"}
    first = await cc.client().post(f"{cc.base}/trials", json=TRIAL, headers=headers)
    again = await cc.client().post(f"{cc.base}/trials", json=TRIAL, headers=headers)
    assert first.status_code == again.status_code == 201
    assert again.headers["Idempotent-Replayed"] == "true"
    assert again.json()["id"] == first.json()["id"]
    assert len(await cc.events("cc.trial_started.v1")) == 1
    other = await cc.client().post(f"{cc.base}/trials", json=TRIAL | {"country": "SE"}, headers=headers)
    assert other.status_code == 422
    assert other.json()["type"].endswith("/idempotency-key-reused")


async def test_a_trial_needs_an_agent_licence_and_a_valid_country(cc: CcWorld) -> None:
    no_agents = await cc.client().post(f"{cc.base}/trials", json=TRIAL | {"licences": {"supervisor": 1}})
    assert no_agents.status_code == 422
    bad_country = await cc.client().post(f"{cc.base}/trials", json=TRIAL | {"country": "XX"})
    assert bad_country.status_code == 422
    assert bad_country.json()["invalid_params"][0]["name"].endswith("country")
