"""The customer's PSTN setup as a whole: skipped and resumed, prefilled contract information, the countries and
their ordering modes, the support desks and the number policy."""

from __future__ import annotations

import pytest

from contracts import topics
from devstack import testing
from devstack.services import Services
from devstack.stack import Stack
from devstack.testing import Caller
from pstn_orders.support import desk_for

from .conftest import NEW_YORK_ESA, SIGNER, SetupWorld

pytestmark = pytest.mark.asyncio(loop_scope="session")


async def test_a_partner_sets_up_the_calling_plan_of_a_customers_location_over_http(
    services: Services, stack: Stack, partner: Caller, root: Caller
) -> None:
    """The flow over real ports: the location's emergency address corrected and accepted, the calling plan
    enabled with its signer (R-PSTN-09), the setup view complete; every step an event."""
    customer = await testing.calling_customer(services, partner, root)
    site = f"/v1/customers/{customer.customer_id}/locations/{customer.location_id}"

    given = await partner.pstn.put(f"{site}/emergency-address", json=NEW_YORK_ESA | {"street_suffix": "Avenue"})
    assert given.status_code == 200, given.text
    assert given.json()["status"] == "corrected_pending"
    accepted = await partner.pstn.post(f"{site}/emergency-address/acceptance", json={"accept": True})
    assert accepted.json()["status"] == "valid"
    enabled = await partner.pstn.put(f"{site}/pstn-connection", json={"type": "calling_plan", "signer": SIGNER})
    assert enabled.status_code == 200, enabled.text

    setup = await customer.admin.pstn.get(f"/v1/customers/{customer.customer_id}/pstn-setup")
    assert setup.status_code == 200, setup.text
    assert setup.json()["state"] == "complete"
    assert setup.json()["contract_information"]["company_name"] == "Hudson Valley Bakery LLC"
    published = await testing.customer_event_types(
        stack, str(customer.customer_id), until="pstn.calling_plan_billing_started.v1", topic=topics.PSTN
    )
    assert published == [
        "pstn.emergency_address_changed.v1",
        "pstn.emergency_address_changed.v1",
        "pstn.connection_changed.v1",
        "pstn.calling_plan_enabled.v1",
        "pstn.calling_plan_billing_started.v1",  # R-PSTN-23
    ]
    await customer.admin.aclose()


async def test_setup_can_be_skipped_at_trial_start_and_resumed_later(world: SetupWorld) -> None:
    """R-PSTN-32: skipped setup shows as skipped; the next setup step resumes it."""
    skipped = await world.client().post(f"{world.base}/pstn-setup/skip")

    assert skipped.status_code == 200, skipped.text
    assert skipped.json()["state"] == "skipped"
    assert skipped.json()["skipped_at"] is not None
    again = await world.client().post(f"{world.base}/pstn-setup/skip")
    assert again.json()["skipped_at"] == skipped.json()["skipped_at"]

    await world.valid_address()
    resumed = (await world.client().get(f"{world.base}/pstn-setup")).json()

    assert resumed["state"] == "in_progress"
    assert resumed["resumed_at"] is not None
    assert len(await world.events("pstn.setup_skipped.v1")) == 1
    assert len(await world.events("pstn.setup_resumed.v1")) == 1
    await world.calling_plan()
    done = (await world.client(world.customer).get(f"{world.base}/pstn-setup")).json()
    assert done["state"] == "complete"
    assert done["locations"][0]["calling_plan_enabled"] is True
    assert done["locations"][0]["emergency_address_status"] == "valid"


async def test_setup_prefills_the_contract_information_and_lists_what_is_left(world: SetupWorld) -> None:
    """R-PSTN-33: company name and email prefilled from the customer; R-PSTN-02's standing shown; next steps."""
    setup = (await world.client().get(f"{world.base}/pstn-setup")).json()

    assert setup["state"] == "not_started"
    assert setup["contract_information"] == {
        "company_name": "Hudson Valley Bakery LLC",
        "contact_email": "it@hudson-bakery.example",
    }
    assert setup["partner_enrolled"] is True
    assert setup["calling_plans_ordered"] == 5
    [location] = setup["locations"]
    assert location["calling_plan_mode"] == "self_service"
    assert location["next_steps"] == [
        "for the calling plan, PUT the location's emergency address",
        "PUT the location's PSTN connection",
    ]


async def test_the_provider_number_policy_is_linked_where_setup_answers(world: SetupWorld) -> None:
    """R-PSTN-27: the number policy governing orders, ports and cancellations is linked."""
    setup = (await world.client().get(f"{world.base}/pstn-setup")).json()
    support = (await world.client().get("/v1/pstn-support")).json()

    assert setup["number_policy_url"] == support["number_policy_url"]
    assert setup["number_policy_url"] == world.api.runtime.settings.number_policy_url  # type: ignore[attr-defined]


async def test_calling_plan_countries_each_have_an_ordering_mode(world: SetupWorld) -> None:
    """R-PSTN-25: the configured mapping; R-PSTN-03: only these countries offer the calling plan."""
    answer = await world.client().get("/v1/calling-plan-countries")

    assert answer.status_code == 200, answer.text
    modes = {c["country"]: c["mode"] for c in answer.json()}
    assert modes["US"] == modes["CA"] == "self_service"
    assert modes["GB"] == "assisted"
    assert "NO" not in modes


async def test_each_order_state_that_needs_help_names_its_desk(world: SetupWorld) -> None:
    """R-PSTN-24: error -> technical assistance; action_required, and rejected with `unknown` -> PSTN technical
    support; the desks and their purposes are data."""
    routed = {
        state: (found.desk if (found := desk_for(state, reason)) else None)
        for state, reason in [("error", None), ("action_required", None), ("rejected", "unknown")]
    }

    assert routed == {
        "error": "technical_assistance",
        "action_required": "pstn_technical_support",
        "rejected": "pstn_technical_support",
    }
    assert desk_for("rejected", "btn_mismatch") is None
    assert desk_for("provisioned") is None
    desks = {d["desk"]: d for d in (await world.client().get("/v1/pstn-support")).json()["desks"]}
    assert set(desks) == {
        "partner_help_desk", "pstn_technical_support", "technical_assistance", "commerce_support",
        "invoice_and_collections",
    }  # fmt: skip
    assert "port expedites" in desks["pstn_technical_support"]["purposes"]
    assert "billing disputes" in desks["commerce_support"]["purposes"]
    assert all("@" in d["contact"] for d in desks.values())
