"""A calling-plan customer in pstn_orders alone (in process, rolled back), ready to search and order numbers.

The customer and its partner are known from their customers-service events; the location's emergency address and
calling plan are set up through pstn_orders' own API, validated by the sandbox carrier.
"""

from __future__ import annotations

import uuid
from typing import Any

import httpx
import pytest_asyncio

from contracts.enums import Role
from contracts.envelope import Envelope
from contracts.events import (
    CustomerProvisioned,
    LocationAddress,
    LocationCreated,
    PstnContractSigned,
    PstnProgrammeChanged,
)
from devstack.in_process import principal_below, root_principal
from pstn_orders.carrier.adapter import CarrierOrderState, CarrierOrderStatus, NumberOutcome
from pstn_orders.number_order.consumers import handlers as order_handlers
from pstn_orders.number_order.fulfilment import OrderFulfilment
from servicekit import Principal
from tests.pstn_orders.conftest import NumbersWorld

NEW_YORK_ESA = {
    "house_number": "350",
    "street_name": "5th",
    "street_suffix": "AVE",
    "city": "New York",
    "state": "NY",
    "postal_code": "10118",
    "country": "US",
}
SIGNER = {"name": "Ada Lovelace", "email": "ada@fjord-logistics.example"}
LONDON = LocationAddress(
    house_number="10", street_name="Downing", street_suffix="Street", city="London", postal_code="SW1A 2AA",
    country="GB",
)  # fmt: skip
LONDON_ESA = {"house_number": "10", "street_name": "Downing", "street_suffix": "ST", "city": "London",
              "postal_code": "SW1A 2AA", "country": "GB"}  # fmt: skip


async def enable_calling_plan(world: NumbersWorld, *, subscription: str = "paid") -> None:
    """The partner enrolled, the customer entitled to the calling plan, the location on it with a valid ESA."""
    partner = world.partner
    root = root_principal()
    await world.deliver(
        PstnProgrammeChanged(
            customer_id=partner.customer_id,
            parent_id=root.customer_id,
            tenant_path=partner.tenant_path,
            enrolled=True,
            calling_addendum_accepted_at="2026-11-01T09:00:00Z",
        )
    )
    await world.deliver(
        CustomerProvisioned(
            **world.tenancy(),
            name="Fjord Logistics Inc",
            country="US",
            subscription=subscription,
            contact_email="it@fjord-logistics.example",
            addons={"provider_calling_plan": 10},
        )
    )
    await calling_plan_on(world, world.location_id)


async def calling_plan_on(world: NumbersWorld, location_id: uuid.UUID) -> None:
    client = world.client()
    base = f"/v1/customers/{world.customer_id}/locations/{location_id}"
    esa = await client.put(f"{base}/emergency-address", json=NEW_YORK_ESA)
    assert esa.status_code == 200, esa.text
    assert esa.json()["status"] == "valid", esa.text
    connection = await client.put(f"{base}/pstn-connection", json={"type": "calling_plan", "signer": SIGNER})
    assert connection.status_code == 200, connection.text


def another_partners_customer() -> Principal:
    """A full administrator of a customer in another partner's subtree."""
    return principal_below(principal_below(root_principal(), Role.PARTNER_ADMIN), Role.CUSTOMER_FULL_ADMIN)


async def search(client: httpx.AsyncClient, customer_id: uuid.UUID, **params: Any) -> httpx.Response:
    return await client.get(f"/v1/customers/{customer_id}/available-numbers", params={"country": "US", **params})


async def found_numbers(client: httpx.AsyncClient, customer_id: uuid.UUID, **params: Any) -> list[str]:
    """Exact matches of a search that must succeed."""
    answer = await search(client, customer_id, **params)
    assert answer.status_code == 200, answer.text
    return [n["number"] for n in answer.json()["numbers"] if n["match"] == "exact"]


async def place(
    client: httpx.AsyncClient, customer_id: uuid.UUID, body: dict[str, Any], *, key: str | None = None
) -> httpx.Response:
    headers = {"Idempotency-Key": key or uuid.uuid4().hex}
    return await client.post(f"/v1/customers/{customer_id}/number-orders", json=body, headers=headers)


async def place_confirmed(client: httpx.AsyncClient, customer_id: uuid.UUID, body: dict[str, Any]) -> dict[str, Any]:
    """Place the order, confirming whatever alerts it raises (R-PSTN-34)."""
    answer = await place(client, customer_id, body)
    if answer.status_code == 409 and answer.json().get("type", "").endswith("/alerts-to-confirm"):
        codes = [a["code"] for a in answer.json()["alerts"]]
        answer = await place(client, customer_id, {**body, "confirm_alerts": codes})
    assert answer.status_code == 201, answer.text
    order: dict[str, Any] = answer.json()
    return order


@pytest_asyncio.fixture(loop_scope="session")
async def paid(numbers_world: NumbersWorld) -> NumbersWorld:
    """A paid customer whose head office is on the calling plan."""
    await enable_calling_plan(numbers_world)
    return numbers_world


@pytest_asyncio.fixture(loop_scope="session")
async def trial(numbers_world: NumbersWorld) -> NumbersWorld:
    """A trial customer whose head office is on the calling plan."""
    await enable_calling_plan(numbers_world, subscription="trial")
    return numbers_world


async def sign_contract(world: NumbersWorld) -> None:
    """The customer's full administrator signs the carrier contract; orders hear it as the consumer would."""
    contract = await world.client(world.customer).get(f"/v1/customers/{world.customer_id}/pstn-contract")
    assert contract.status_code == 200, contract.text
    signed = await world.client(world.customer).post(
        f"/v1/pstn-contracts/{contract.json()['id']}/signature", json={"signer_name": "Ada Lovelace"}
    )
    assert signed.status_code == 200, signed.text
    [event] = await world.events("pstn.contract_signed.v1")
    fulfilment = world.api.runtime.component(OrderFulfilment)
    envelope = Envelope.wrap(PstnContractSigned.model_validate(event), source="/services/pstn_orders")
    async with world.api.session() as session, session.begin():
        await order_handlers(fulfilment).apply(session, envelope)


async def carrier_reports(
    world: NumbersWorld,
    order: dict[str, Any],
    state: str,
    outcomes: dict[str, str],
    reasons: dict[str, str] | None = None,
) -> None:
    """The carrier's status callback for the order, applied as the callback applies it."""
    fulfilment = world.api.runtime.component(OrderFulfilment)
    status = CarrierOrderStatus(
        carrier_order_id="reported",
        order_ref=order["id"],
        state=CarrierOrderState(state),
        numbers={n: NumberOutcome(o) for n, o in outcomes.items()},
        reasons=reasons or {},
    )
    async with world.api.session() as session, session.begin():
        await fulfilment.apply_status(session, status)


async def order_of(world: NumbersWorld, order: dict[str, Any]) -> dict[str, Any]:
    answer = await world.client().get(f"/v1/customers/{world.customer_id}/number-orders/{order['id']}")
    assert answer.status_code == 200, answer.text
    body: dict[str, Any] = answer.json()
    return body


async def assisted_location(world: NumbersWorld) -> uuid.UUID:
    location_id = uuid.uuid4()
    await world.deliver(LocationCreated(**world.tenancy(), location_id=location_id, name="London office",
                                        address=LONDON, time_zone="Europe/London"))  # fmt: skip
    client = world.client()
    base = f"/v1/customers/{world.customer_id}/locations/{location_id}"
    esa = await client.put(f"{base}/emergency-address", json=LONDON_ESA)
    assert esa.status_code == 200, esa.text
    signer = {"name": "Ada Lovelace", "email": "ada@fjord-logistics.example"}
    connection = await client.put(f"{base}/pstn-connection", json={"type": "calling_plan", "signer": signer})
    assert connection.status_code == 200, connection.text
    return location_id
