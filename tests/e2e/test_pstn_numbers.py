"""Over real ports, a partner enables the calling plan on a location with a validated emergency address,
searches, reserves and orders 20 consecutive numbers; the customer's administrator signs the contract from the
email's link; 10 minutes later the order is provisioned, and numbers are assigned to a user and a hunt group, with
every event on the PSTN topic and a webhook delivered to the provider."""

from __future__ import annotations

import re
from datetime import datetime, timedelta
from typing import Any

import pytest
from standardwebhooks import Webhook

from devstack import testing
from devstack.services import Services
from devstack.stack import Stack
from devstack.testing import Caller
from tests.e2e.pstn_flow import Receiver, eventually, ok, pstn_events

pytestmark = pytest.mark.asyncio(loop_scope="session")


async def test_a_partner_orders_20_numbers_the_customer_signs_and_they_are_assigned(
    services: Services, stack: Stack, root: Caller, partner: Caller, pstn_receiver: Receiver
) -> None:
    receiver = pstn_receiver
    endpoint = await ok(await partner.customers.post("/v1/webhook-endpoints", json={"url": receiver.url}), 201)
    calling = await testing.calling_customer(services, partner, root)
    customer, location = calling.customer_id, calling.location_id
    pstn = partner.pstn
    at_location = f"/v1/customers/{customer}/locations/{location}"

    # The calling plan on the location, with an emergency address the carrier validated (R-PSTN-09).
    site = testing.us_location("NY")["address"]
    esa = await ok(await pstn.put(f"{at_location}/emergency-address", json=site))
    if esa["status"] == "corrected_pending":
        esa = await ok(await pstn.post(f"{at_location}/emergency-address/acceptance", json={"accept": True}))
    assert esa["status"] == "valid"
    signer = {"name": "Ada Baker", "email": "ada@hudson-valley-bakery.example"}
    connection = await pstn.put(
        f"{at_location}/pstn-connection", json={"type": "calling_plan", "usage": "standard", "signer": signer}
    )
    await ok(connection)

    # Search 20 consecutive numbers, reserve and order them.
    found = await ok(
        await pstn.get(
            f"/v1/customers/{customer}/available-numbers",
            params={"country": "US", "location_id": str(location), "state": "NY", "quantity": 20, "consecutive": True},
        )
    )
    numbers = [n["number"] for n in found["numbers"]]
    assert len(numbers) == 20
    assert [int(n) for n in numbers] == list(range(int(numbers[0]), int(numbers[0]) + 20))
    reservation = await ok(await pstn.post(f"/v1/customers/{customer}/reservations", json={"numbers": numbers}), 201)
    order_body: dict[str, Any] = {"location_id": str(location), "reservation_id": reservation["id"]}
    key = {"Idempotency-Key": f"order-{customer}"}
    placed = await pstn.post(f"/v1/customers/{customer}/number-orders", json=order_body, headers=key)
    if placed.status_code == 409 and placed.json()["type"].endswith("/alerts-to-confirm"):  # R-PSTN-34
        order_body["confirm_alerts"] = [a["code"] for a in placed.json()["alerts"]]
        key = {"Idempotency-Key": f"order-{customer}-confirmed"}
        placed = await pstn.post(f"/v1/customers/{customer}/number-orders", json=order_body, headers=key)
    order = await ok(placed, 201)
    assert order["awaiting_signature"]
    one_order = f"/v1/customers/{customer}/number-orders/{order['id']}"
    pending = await ok(await pstn.get(f"/v1/customers/{customer}/numbers", params={"state": "pending", "limit": 50}))
    assert sorted(n["number"] for n in pending["items"]) == numbers

    # The customer's administrator signs the contract from the email's link.
    contract = await ok(await pstn.get(f"/v1/customers/{customer}/pstn-contract"))
    assert services.mail is not None
    inbox = services.mail

    async def contract_mail() -> str | None:
        sent = [m for m in inbox.messages if m["X-Pstn-Contract-Id"] == contract["id"]]
        return str(sent[0].get_content()) if sent else None

    body = await eventually(contract_mail, "the contract email")
    link = re.search(r"https?://\S+/v1/pstn-contracts/[0-9a-f-]{36}", body)
    assert link is not None, body
    signing = calling.admin.pstn.post(f"{link.group(0)}/signature", json={"signer_name": "Ada Baker"})
    await ok(await signing)

    # The carrier provisions the order about 10 minutes after the signature (R-PSTN-30).
    async def activated() -> dict[str, Any] | None:
        read: dict[str, Any] = (await pstn.get(one_order)).json()
        return read if read["activated_at"] else None

    started = await eventually(activated, "the order activated after the signature")
    expected = datetime.fromisoformat(started["expected_at"]) - datetime.fromisoformat(started["activated_at"])
    assert expected <= timedelta(minutes=10)
    services.clock.advance(timedelta(minutes=10))

    async def provisioned() -> dict[str, Any] | None:
        read: dict[str, Any] = (await pstn.get(one_order)).json()
        return read if read["state"] == "provisioned" else None

    done = await eventually(provisioned, "the order provisioned")
    assert {n["fulfilment"] for n in done["numbers"]} == {"success"}
    active = await ok(
        await pstn.get(f"/v1/customers/{customer}/numbers", params={"order_id": order["id"], "limit": 50})
    )
    by_number = {n["number"]: n for n in active["items"]}
    assert sorted(by_number) == numbers
    assert {n["state"] for n in by_number.values()} == {"unassigned"}

    # A user (from the customers service) gets the first number; a hunt group the next two.
    user = await ok(
        await partner.customers.post(
            f"/v1/customers/{customer}/users",
            json={
                "email": "ada@hudson-valley-bakery.example",
                "name": "Ada Baker",
                "package": "calling_standard",
                "extension": "2001",
            },  # fmt: skip
        ),
        201,
    )

    async def user_known() -> bool:
        return (await pstn.get(f"/v1/customers/{customer}/users/{user['id']}")).status_code == 200

    await eventually(user_known, "pstn_orders knows the user")
    first = by_number[numbers[0]]
    assigned = await pstn.put(
        f"/v1/customers/{customer}/numbers/{first['id']}/assignment",
        json={"assignee_kind": "user", "assignee_id": user["id"]},
        headers={"If-Match": f'"{first["version"]}"'},
    )
    assert (await ok(assigned))["state"] == "assigned"
    group = await ok(
        await pstn.post(
            f"/v1/customers/{customer}/hunt-groups",
            json={"name": "Bakery counter", "location_id": str(location), "numbers": numbers[1:3]},
        ),
        201,
    )
    assert group["numbers"] == numbers[1:3]
    counts = await ok(await pstn.get(f"/v1/customers/{customer}/number-counts"))
    assert (counts["assigned"], counts["unassigned"], counts["pending"]) == (3, 17, 0)

    # Every step is an event on the PSTN topic.
    wanted = {
        "pstn.emergency_address_changed.v1": 1,
        "pstn.connection_changed.v1": 1,
        "pstn.calling_plan_enabled.v1": 1,
        "pstn.calling_plan_billing_started.v1": 1,  # R-PSTN-23
        "pstn.contract_sent.v1": 1,
        "pstn.number_reservation_changed.v1": 1,
        "pstn.number_order_placed.v1": 1,
        "pstn.contract_signed.v1": 1,
        "pstn.number_order_activated.v1": 1,
        "pstn.number_activated.v1": 20,
        "pstn.number_billing_started.v1": 20,  # R-PSTN-23
        "pstn.number_order_provisioned.v1": 1,
        "pstn.number_assigned.v1": 3,
        "pstn.hunt_group_created.v1": 1,
    }
    seen = await pstn_events(stack, customer, wanted)
    missing = {t: n for t, n in wanted.items() if seen.get(t, 0) < n}
    assert missing == {}, seen

    # And reaches the provider's webhook endpoint, signed.
    async def delivered() -> tuple[dict[str, str], bytes] | None:
        hooks = receiver.of(customer, "pstn.number_assigned.v1")
        return hooks[0] if len(hooks) == 3 else None

    headers, hook = await eventually(delivered, "the assignments delivered by webhook")
    verified = Webhook(endpoint["secret"]).verify(hook, headers)
    assert verified["data"]["customer_id"] == str(customer)
    assert receiver.of(customer, "pstn.number_order_provisioned.v1")
