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


# One real street address per state, as a location takes it: a carrier's address check finds the ZIP in the state
# and city named.
US_SITES: dict[str, dict[str, Any]] = {
    "NY": {"house_number": "350", "street_name": "5th", "street_suffix": "Ave", "city": "New York",
           "postal_code": "10118", "time_zone": "America/New_York"},
    "CA": {"house_number": "1600", "street_name": "Amphitheatre", "street_suffix": "Pkwy", "city": "Mountain View",
           "postal_code": "94043", "time_zone": "America/Los_Angeles"},
    "TX": {"house_number": "1100", "street_name": "Congress", "street_suffix": "Ave", "city": "Austin",
           "postal_code": "78701", "time_zone": "America/Chicago"},
    "IL": {"house_number": "233", "pre_directional": "S", "street_name": "Wacker", "street_suffix": "Dr",
           "city": "Chicago", "postal_code": "60606", "time_zone": "America/Chicago"},
    "WA": {"house_number": "400", "street_name": "Broad", "street_suffix": "St", "city": "Seattle",
           "postal_code": "98109", "time_zone": "America/Los_Angeles"},
    "MA": {"house_number": "1", "street_name": "City Hall", "street_suffix": "Sq", "city": "Boston",
           "postal_code": "02201", "time_zone": "America/New_York"},
}  # fmt: skip


def us_location(state: str = "NY", name: str = "Head office") -> dict[str, Any]:
    """A location body (POST /v1/customers/{id}/locations) at the state's site in US_SITES."""
    site = dict(US_SITES[state])
    time_zone = site.pop("time_zone")
    return {"name": name, "address": site | {"state": state, "country": "US"}, "time_zone": time_zone}


@dataclass
class CallingCustomer:
    """A provisioned US customer able to use the provider calling plan, and its full administrator."""

    customer_id: uuid.UUID
    location_id: uuid.UUID
    admin: Caller  # a customer_full_admin API client of the customer


async def calling_customer(
    services: Services,
    partner: Caller,
    root: Caller,
    *,
    subscription: str = "paid",
    state: str = "NY",
    name: str = "Hudson Valley Bakery LLC",
    calling_plan_licences: int = 25,
    within: float = 30.0,
) -> CallingCustomer:
    """A US customer of `partner` ready for the calling plan (R-PSTN-02): the partner enrolled in the PSTN programme
    with the calling addendum accepted, the customer's provider_calling_plan add-on, one location in `state`, and a
    customer_full_admin caller; returns once pstn_orders knows the customer, the location and the enrolment."""
    enrolled = await root.customers.put(
        f"/v1/customers/{partner.customer_id}/pstn-programme",
        json={"enrolled": True, "calling_addendum_accepted": True},
    )
    assert enrolled.status_code == 200, enrolled.text
    site = us_location(state)
    street = " ".join(site["address"][k] for k in ("house_number", "street_name", "street_suffix"))
    billing = {"line1": street, "city": site["address"]["city"], "region": state,
               "postal_code": site["address"]["postal_code"], "country": "US"}  # fmt: skip
    created = await partner.create_customer(
        name=name,
        billing_address=billing,
        contact_email="it@hudson-valley-bakery.example",
        packages={"calling_standard": 10},
        addons={"provider_calling_plan": calling_plan_licences},
        subscription=subscription,
    )
    customer_id = created["id"]
    reached = await partner.wait_for_state(customer_id, "provisioned", "pending_rpl_review", within=within)
    if reached["state"] == "pending_rpl_review":  # screened like any customer (R-RPL-01); a reviewer clears it
        case_id = reached["screening"]["review_case_id"]
        approved = await root.rpl.post(f"/v1/review-cases/{case_id}/approve", json={"reason": "test customer"})
        assert approved.status_code == 200, approved.text
        await partner.wait_for_state(customer_id, "provisioned", within=within)
    location = await partner.customers.post(f"/v1/customers/{customer_id}/locations", json=site)
    assert location.status_code == 201, location.text
    location_id = location.json()["id"]
    client = await partner.customers.post(
        f"/v1/customers/{customer_id}/api-clients", json={"name": "Customer admin", "roles": ["customer_full_admin"]}
    )
    assert client.status_code == 201, client.text
    made = client.json()
    admin = await caller(services, made["client_id"], made["client_secret"], uuid.UUID(customer_id))
    deadline = asyncio.get_running_loop().time() + within
    while True:  # the projections follow the customers topic: wait until pstn_orders heard all three
        known = await admin.pstn.get(f"/v1/customers/{customer_id}")
        site_known = await admin.pstn.get(f"/v1/customers/{customer_id}/locations/{location_id}")
        if (
            known.status_code == 200
            and known.json()["state"] == "provisioned"
            and site_known.status_code == 200
            and site_known.json()["partner_enrolled"]
        ):
            return CallingCustomer(uuid.UUID(customer_id), uuid.UUID(location_id), admin)
        if asyncio.get_running_loop().time() > deadline:
            await admin.aclose()
            raise AssertionError(f"pstn_orders did not learn customer {customer_id} and its location in {within}s")
        await asyncio.sleep(0.1)


async def customer_event_types(stack: Stack, subject: str, *, until: str, topic: str = topics.CUSTOMERS) -> list[str]:
    """Types of the customer's events on a topic of the real broker, up to the first of type `until`."""
    consumer = AIOKafkaConsumer(topic, bootstrap_servers=stack.bootstrap_servers, auto_offset_reset="earliest")
    seen: list[str] = []
    try:
        await consumer.start()
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
