"""Small factories for tests and benchmarks that drive the services over HTTP."""

from __future__ import annotations

import asyncio
import uuid
from dataclasses import dataclass
from typing import Any

import httpx
import orjson
from aiokafka import AIOKafkaConsumer

from contracts import topics
from devstack.services import Services
from devstack.stack import Stack

CLEAN_NAME = "Fjordline Bakery Supplies"


def address(country: str = "NO", **overrides: Any) -> dict[str, Any]:
    return {"line1": "Storgata 1", "city": "Oslo", "postal_code": "0155", "country": country} | overrides


def customer_body(name: str = CLEAN_NAME, **overrides: Any) -> dict[str, Any]:
    return {
        "external_id": f"crm-{uuid.uuid4().hex[:12]}",
        "name": name,
        "billing_address": address(),
        "contact_email": "it@example.com",
        "packages": {"calling_standard": 5},
    } | overrides


async def token(base_url: str, client_id: str, secret: str) -> str:
    async with httpx.AsyncClient(base_url=base_url) as http:
        response = await http.post(
            "/oauth/token", data={"grant_type": "client_credentials", "client_id": client_id, "client_secret": secret}
        )
        response.raise_for_status()
        return str(response.json()["access_token"])


@dataclass
class Caller:
    """An API client of one customer, holding clients for every service with its token."""

    customer_id: uuid.UUID
    client_id: str
    customers: httpx.AsyncClient
    rpl: httpx.AsyncClient
    pstn: httpx.AsyncClient
    cc: httpx.AsyncClient

    async def aclose(self) -> None:
        for http in (self.customers, self.rpl, self.pstn, self.cc):
            await http.aclose()

    async def create_customer(self, **overrides: Any) -> dict[str, Any]:
        response = await self.customers.post("/v1/customers", json=customer_body(**overrides))
        assert response.status_code == 202, response.text
        body: dict[str, Any] = response.json()
        return body

    async def wait_for_state(self, customer_id: str, *states: str, within: float = 30.0) -> dict[str, Any]:
        """Poll the customer until it reaches one of `states` (what a provider's OSS does)."""
        deadline = asyncio.get_running_loop().time() + within
        while True:
            response = await self.customers.get(f"/v1/customers/{customer_id}")
            assert response.status_code == 200, response.text
            body: dict[str, Any] = response.json()
            if body["state"] in states:
                return body
            if asyncio.get_running_loop().time() > deadline:
                raise AssertionError(f"customer {customer_id} stayed {body['state']!r}, expected {states}")
            await asyncio.sleep(0.1)


async def caller(services: Services, client_id: str, secret: str, customer_id: uuid.UUID) -> Caller:
    access = await token(services.customers.url, client_id, secret)
    headers = {"Authorization": f"Bearer {access}"}

    def client(url: str) -> httpx.AsyncClient:
        return httpx.AsyncClient(base_url=url, headers=headers, timeout=30.0)

    return Caller(
        customer_id,
        client_id,
        client(services.customers.url),
        client(services.rpl_screening.url),
        client(services.pstn_orders.url),
        client(services.cc_setup.url),
    )


async def root(services: Services) -> Caller:
    from customers.models import ROOT_CUSTOMER_ID

    return await caller(services, services.root_client_id, services.root_client_secret, ROOT_CUSTOMER_ID)


async def partner(services: Services, root_caller: Caller, name: str = "Nordic Telecom Partner AS") -> Caller:
    """A new provisioned partner (a customer of the root) with a partner_admin API client."""
    created = await root_caller.create_customer(name=name)
    state = await root_caller.wait_for_state(created["id"], "provisioned", "pending_rpl_review")
    if state["state"] == "pending_rpl_review":  # partners are screened too (R-RPL-01); a reviewer clears this one
        case_id = state["screening"]["review_case_id"]
        approved = await root_caller.rpl.post(f"/v1/review-cases/{case_id}/approve", json={"reason": "test partner"})
        assert approved.status_code == 200, approved.text
        await root_caller.wait_for_state(created["id"], "provisioned")
    response = await root_caller.customers.post(
        f"/v1/customers/{created['id']}/api-clients", json={"name": "OSS", "roles": ["partner_admin"]}
    )
    assert response.status_code == 201, response.text
    client = response.json()
    made = await caller(services, client["client_id"], client["client_secret"], uuid.UUID(created["id"]))
    # R-HIER-05: its customers need a tariff of its own; this one is assigned when a create names none.
    tariff = await made.customers.post("/v1/tariffs", json={"name": "Standard", "currency": "USD", "is_default": True})
    assert tariff.status_code == 201, tariff.text
    return made


async def customer_event_types(stack: Stack, subject: str, *, until: str) -> list[str]:
    """Types of the customer's events on the real broker, up to the first of type `until`."""
    consumer = AIOKafkaConsumer(
        topics.CUSTOMERS, bootstrap_servers=stack.bootstrap_servers, auto_offset_reset="earliest"
    )
    await consumer.start()
    seen: list[str] = []
    try:
        async with asyncio.timeout(30):
            async for record in consumer:
                event = orjson.loads(record.value)
                if event["subject"] == subject:
                    seen.append(event["type"])
                    if event["type"] == until:
                        return seen
    finally:
        await consumer.stop()
    return seen
