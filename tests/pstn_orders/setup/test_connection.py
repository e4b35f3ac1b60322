"""Each location's PSTN connection, and what the provider calling plan asks before it is enabled."""

from __future__ import annotations

import uuid

import pytest

from contracts.enums import Role
from contracts.events import CustomerAddonsChanged, CustomerCancelled, CustomerSuspended, LocationAddress
from devstack.in_process import InProcess, principal_below, root_principal
from pstn_orders.connection.service import CallingPlanLocation, ConnectionService
from pstn_orders.country import CountryMode
from servicekit import ProblemError

from .conftest import SIGNER, SetupWorld, new_world

pytestmark = pytest.mark.asyncio(loop_scope="session")

OSLO = LocationAddress(house_number="1", street_name="Karl Johans gate", city="Oslo", postal_code="0154",
                       country="NO")  # fmt: skip


async def test_each_location_chooses_its_own_connection(world: SetupWorld) -> None:
    """R-PSTN-01: calling plan at one location, cloud-connected at another, a local gateway at a third."""
    branch, depot = await world.location("Branch"), await world.location("Depot")
    await world.valid_address()

    plan = await world.calling_plan()
    cloud = await world.client().put(
        f"{world.at(branch)}/pstn-connection",
        json={"type": "cloud_connected", "carrier_name": "Northwind Voice", "integrated": True},
    )
    gateway = await world.client().put(f"{world.at(depot)}/pstn-connection", json={"type": "local_gateway"})

    assert [r.status_code for r in (plan, cloud, gateway)] == [200, 200, 200], [plan.text, cloud.text, gateway.text]
    assert plan.json()["type"] == "calling_plan"
    assert plan.json()["signer"] == SIGNER
    assert plan.json()["calling_plan_enabled_at"] is not None
    assert cloud.json()["carrier_name"] == "Northwind Voice"
    read = await world.client(world.customer).get(f"{world.at(depot)}/pstn-connection")
    assert read.json()["type"] == "local_gateway"
    assert read.headers["ETag"] == f'"{read.json()["version"]}"'
    changed = await world.events("pstn.connection_changed.v1")
    assert {(e["location_id"], e["connection_type"]) for e in changed} == {
        (str(world.location_id), "calling_plan"), (str(branch), "cloud_connected"), (str(depot), "local_gateway"),
    }  # fmt: skip


async def test_a_non_integrated_cloud_connected_location_is_flagged_to_move(world: SetupWorld) -> None:
    """R-PSTN-26: flagged on the connection, on the customer's PSTN setup view and in the event."""
    put = await world.client().put(
        f"{world.at()}/pstn-connection",
        json={"type": "cloud_connected", "carrier_name": "Legacy Telco", "integrated": False},
    )

    assert put.status_code == 200, put.text
    assert put.json()["must_move_to_integrated"] is True
    setup = (await world.client().get(f"{world.base}/pstn-setup")).json()
    [location] = setup["locations"]
    assert location["must_move_to_integrated"] is True
    assert any("integrated" in step for step in location["next_steps"])
    [event] = await world.events("pstn.connection_changed.v1")
    assert event["must_move_to_integrated"] is True

    moved = await world.client().put(
        f"{world.at()}/pstn-connection",
        json={"type": "cloud_connected", "carrier_name": "Legacy Telco", "integrated": True},
        headers={"If-Match": put.headers["ETag"]},
    )
    assert moved.json()["must_move_to_integrated"] is False


async def test_a_cloud_connected_connection_names_its_carrier(world: SetupWorld) -> None:
    refused = await world.client().put(f"{world.at()}/pstn-connection", json={"type": "cloud_connected"})

    assert refused.status_code == 422, refused.text
    assert refused.json()["invalid_params"][0]["name"] == "carrier_name"


async def test_the_calling_plan_needs_a_partner_enrolled_with_the_addendum(pstn_api: InProcess) -> None:
    """R-PSTN-02: the partner must be enrolled in the PSTN programme with the calling addendum accepted."""
    world = await new_world(pstn_api, enrolled=False)
    await world.valid_address()

    refused = await world.calling_plan()
    await world.enrol_partner(addendum=False)
    still = await world.calling_plan()
    await world.enrol_partner()
    enabled = await world.calling_plan()

    assert refused.status_code == 409, refused.text
    assert refused.json()["type"].endswith("/partner-not-enrolled-in-pstn-programme")
    assert refused.json()["rule"] == "R-PSTN-02"
    assert still.status_code == 409
    assert enabled.status_code == 200, enabled.text


async def test_the_calling_plan_needs_the_customers_calling_plan_order(pstn_api: InProcess) -> None:
    """R-PSTN-02: the customer must hold the provider_calling_plan add-on (outbound plan and number licences)."""
    world = await new_world(pstn_api, addons={})
    await world.valid_address()

    refused = await world.calling_plan()
    await world.deliver(
        CustomerAddonsChanged(**world.tenancy(), addons={"provider_calling_plan": 3}, previous_addons={})
    )
    enabled = await world.calling_plan()

    assert refused.status_code == 409, refused.text
    assert refused.json()["type"].endswith("/calling-plan-not-ordered")
    assert refused.json()["rule"] == "R-PSTN-02"
    assert enabled.status_code == 200, enabled.text


async def test_the_calling_plan_is_offered_only_in_configured_countries(world: SetupWorld) -> None:
    """R-PSTN-03: a location in a country without the calling plan is refused, naming its country."""
    oslo = await world.location("Oslo office", OSLO)

    refused = await world.calling_plan(oslo)
    gateway = await world.client().put(f"{world.at(oslo)}/pstn-connection", json={"type": "local_gateway"})

    assert refused.status_code == 422, refused.text
    assert refused.json()["rule"] == "R-PSTN-03"
    assert refused.json()["invalid_params"][0]["name"] == "location.country"
    assert gateway.status_code == 200, gateway.text


async def test_a_location_on_another_connection_cannot_move_to_the_calling_plan(world: SetupWorld) -> None:
    """R-PSTN-04: the calling plan is chosen when the location's connection is first set up."""
    await world.valid_address()
    await world.client().put(f"{world.at()}/pstn-connection", json={"type": "local_gateway"})

    refused = await world.calling_plan()

    assert refused.status_code == 409, refused.text
    assert refused.json()["type"].endswith("/location-on-another-pstn-connection")
    assert refused.json()["rule"] == "R-PSTN-04"
    assert (await world.client().get(f"{world.at()}/pstn-connection")).json()["type"] == "local_gateway"


@pytest.mark.parametrize("usage", ["contact_center", "high_volume"])
async def test_contact_center_or_high_volume_use_is_refused_the_calling_plan(world: SetupWorld, usage: str) -> None:
    """R-PSTN-08: not for contact-center use or frequent high concurrency or call volume."""
    await world.valid_address()

    refused = await world.calling_plan(usage=usage)

    assert refused.status_code == 422, refused.text
    assert refused.json()["rule"] == "R-PSTN-08"
    assert refused.json()["invalid_params"][0]["name"] == "usage"
    assert (await world.client().get(f"{world.at()}/pstn-connection")).status_code == 404


async def test_the_calling_plan_takes_a_signer_and_a_validated_emergency_address(world: SetupWorld) -> None:
    """R-PSTN-09: the contract's signer and an ESA the carrier validated; numbers need not be ordered yet."""
    no_address = await world.calling_plan()
    await world.valid_address()
    no_signer = await world.client().put(f"{world.at()}/pstn-connection", json={"type": "calling_plan"})
    enabled = await world.calling_plan()

    assert no_address.status_code == 409, no_address.text
    assert no_address.json()["rule"] == "R-PSTN-09"
    assert no_signer.status_code == 422, no_signer.text
    assert no_signer.json()["invalid_params"][0]["name"] == "signer"
    assert enabled.status_code == 200, enabled.text
    [event] = await world.events("pstn.calling_plan_enabled.v1")
    assert event["signer_name"] == SIGNER["name"]


async def test_enabling_the_calling_plan_starts_its_billing_at_once_prorated(world: SetupWorld) -> None:
    """R-PSTN-23: calling plans provisioned through the platform bill at once, with the proration basis; once."""
    await world.valid_address()
    second = await world.location("Branch")
    await world.valid_address(second)

    assert (await world.calling_plan()).status_code == 200
    assert (await world.calling_plan(second)).status_code == 200

    [billing] = await world.events("pstn.calling_plan_billing_started.v1")
    assert billing["channel"] == "platform"
    assert billing["addon"] == "provider_calling_plan"
    assert billing["quantity"] == 5
    assert billing["location_id"] == str(world.location_id)
    assert 1 <= billing["billed_days"] <= billing["period_days"] <= 31
    assert billing["period_start"] <= billing["starts_at"] < billing["period_end"]


async def test_a_calling_plan_location_keeps_the_calling_plan(world: SetupWorld) -> None:
    """R-PSTN-27: leaving it is a cancellation under the number policy, answered with the policy's link."""
    await world.valid_address()
    await world.calling_plan()

    refused = await world.client().put(f"{world.at()}/pstn-connection", json={"type": "local_gateway"})

    assert refused.status_code == 409, refused.text
    assert refused.json()["number_policy_url"].startswith("https://")


async def test_orders_are_told_whether_a_location_may_order_numbers(world: SetupWorld) -> None:
    """R-PSTN-11: numbers are ordered for a location with the calling plan enabled and a valid ESA."""
    connections = world.api.runtime.component(ConnectionService)

    async with world.api.session() as session:
        with pytest.raises(ProblemError) as before:
            await connections.require_calling_plan(session, world.location_id, principal=world.partner)
    assert before.value.rule == "R-PSTN-11"
    address = await world.valid_address()
    await world.calling_plan()
    stranger = principal_below(root_principal(), Role.PARTNER_ADMIN)
    async with world.api.session() as session:
        ready = await connections.require_calling_plan(session, world.location_id, principal=world.partner)
        with pytest.raises(ProblemError) as elsewhere:
            await connections.require_calling_plan(session, world.location_id, principal=stranger)

    assert isinstance(ready, CallingPlanLocation)
    assert ready.mode == CountryMode.self_service
    assert ready.carrier_address_id == address["carrier_address_id"]
    assert ready.account.company_name == "Hudson Valley Bakery LLC"
    assert ready.account.contact_email == "it@hudson-bakery.example"
    assert ready.account.signer_name == SIGNER["name"]
    assert elsewhere.value.rule == "R-PSTN-11"


@pytest.mark.parametrize("closed", ["suspended", "cancelled"])
async def test_a_suspended_or_cancelled_customer_gets_no_new_pstn_work(world: SetupWorld, closed: str) -> None:
    await world.valid_address()
    if closed == "suspended":
        await world.deliver(CustomerSuspended(**world.tenancy(), reason="unpaid invoices"))
    else:
        await world.deliver(CustomerCancelled(**world.tenancy()))

    address = await world.client().put(f"{world.at()}/emergency-address", json={**(await _esa(world))})
    plan = await world.calling_plan()

    assert address.status_code == 409, address.text
    assert address.json()["type"].endswith("/customer-not-active")
    assert plan.status_code == 409
    assert plan.json()["type"].endswith("/customer-not-active")


async def test_a_read_only_administrator_reads_but_does_not_change_the_connection(world: SetupWorld) -> None:
    reader = principal_below(world.partner, Role.CUSTOMER_READONLY_ADMIN, customer_id=world.customer_id)
    await world.client().put(f"{world.at()}/pstn-connection", json={"type": "local_gateway"})

    read = await world.client(reader).get(f"{world.at()}/pstn-connection")
    put = await world.client(reader).put(f"{world.at()}/pstn-connection", json={"type": "local_gateway"})

    assert read.status_code == 200, read.text
    assert put.status_code == 403, put.text


async def test_someone_elses_location_answers_not_found(world: SetupWorld) -> None:
    other = await new_world(world.api)

    put = await world.client().put(f"{world.at(other.location_id)}/pstn-connection", json={"type": "local_gateway"})
    unknown = await world.client().put(f"{world.at(uuid.uuid4())}/pstn-connection", json={"type": "local_gateway"})

    assert put.status_code == 404, put.text
    assert unknown.status_code == 404, unknown.text


async def _esa(world: SetupWorld) -> dict[str, str]:
    read = await world.client().get(f"{world.at()}/emergency-address")
    address: dict[str, str] = {k: v for k, v in read.json()["address"].items() if v is not None}
    return address
