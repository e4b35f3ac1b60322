"""Providers follow onboarding by webhooks (R-CUST-10): signed, retried until answered, scoped to the subtree."""

from __future__ import annotations

import asyncio
import contextlib
from collections.abc import AsyncIterator
from dataclasses import dataclass, field
from datetime import timedelta

import orjson
import pytest
import pytest_asyncio
from fastapi import FastAPI, Request, Response
from standardwebhooks import Webhook

from devstack import testing
from devstack.services import Services, serve
from devstack.testing import Caller

pytestmark = pytest.mark.asyncio(loop_scope="session")


@dataclass
class Receiver:
    """A provider's webhook endpoint on loopback: records what arrives, can refuse the first few."""

    url: str = ""
    received: list[tuple[dict[str, str], bytes]] = field(default_factory=list)
    refuse_next: int = 0

    def app(self) -> FastAPI:
        app = FastAPI()

        @app.post("/hooks")
        async def hooks(request: Request) -> Response:
            if self.refuse_next > 0:
                self.refuse_next -= 1
                return Response(status_code=503)
            self.received.append((dict(request.headers), await request.body()))
            return Response(status_code=204)

        return app

    def types_for(self, customer_id: str) -> list[str]:
        return [orjson.loads(body)["type"] for _, body in self.received if orjson.loads(body)["subject"] == customer_id]

    async def wait_for(self, customer_id: str, event_type: str) -> tuple[dict[str, str], bytes]:
        for _ in range(300):
            for headers, body in self.received:
                event = orjson.loads(body)
                if event["subject"] == customer_id and event["type"] == event_type:
                    return headers, body
            await asyncio.sleep(0.1)
        raise AssertionError(f"no {event_type} for {customer_id}; got {self.types_for(customer_id)}")


@pytest_asyncio.fixture(loop_scope="session")
async def receiver() -> AsyncIterator[Receiver]:
    receiver = Receiver()
    async with contextlib.AsyncExitStack() as stack:
        running = await stack.enter_async_context(serve("receiver", receiver.app()))
        receiver.url = f"{running.url}/hooks"
        yield receiver


async def register(caller: Caller, url: str, **extra: object) -> dict:
    response = await caller.customers.post("/v1/webhook-endpoints", json={"url": url, **extra})
    assert response.status_code == 201, response.text
    body: dict = response.json()
    return body


async def test_onboarding_progress_arrives_signed_at_the_partners_endpoint(partner: Caller, receiver: Receiver) -> None:
    # R-CUST-10: the provider follows onboarding by webhooks as well as by polling.
    endpoint = await register(partner, receiver.url)
    customer = await partner.create_customer()

    headers, body = await receiver.wait_for(customer["id"], "customer.provisioned.v1")
    await receiver.wait_for(customer["id"], "customer.created.v1")

    verified = Webhook(endpoint["secret"]).verify(body, headers)  # raises unless signed with the secret
    assert verified["data"]["customer_id"] == customer["id"]
    assert headers["webhook-id"] == verified["id"]
    assert receiver.types_for(customer["id"]).count("customer.provisioned.v1") == 1


async def test_a_refused_delivery_is_tried_again_later(services: Services, partner: Caller, receiver: Receiver) -> None:
    endpoint = await register(partner, receiver.url, event_types=["customer.created.v1"])
    receiver.refuse_next = 1
    customer = await partner.create_customer()

    deliveries = f"/v1/webhook-endpoints/{endpoint['id']}/deliveries"
    for _ in range(300):
        page = (await partner.customers.get(deliveries)).json()["items"]
        if page and page[0]["attempts"] == 1:
            break
        await asyncio.sleep(0.1)
    assert page[0]["status"] == "pending"
    assert page[0]["last_status_code"] == 503

    services.clock.advance(timedelta(seconds=6))
    await receiver.wait_for(customer["id"], "customer.created.v1")
    for _ in range(100):
        delivered = (await partner.customers.get(deliveries, params={"status": "delivered"})).json()["items"]
        if delivered:
            break
        await asyncio.sleep(0.1)
    assert delivered[0]["attempts"] == 2
    assert delivered[0]["event_type"] == "customer.created.v1"


async def test_an_endpoint_hears_only_its_own_subtree(services: Services, partner: Caller, receiver: Receiver) -> None:
    # R-HIER-03: another partner's customers never reach this partner's endpoint.
    await register(partner, receiver.url)
    root = await testing.root(services)
    other = await testing.partner(services, root, name="Elsewhere Telecom BV")
    theirs = await other.create_customer()
    ours = await partner.create_customer()

    await receiver.wait_for(ours["id"], "customer.provisioned.v1")
    await other.wait_for_state(theirs["id"], "provisioned")
    assert receiver.types_for(theirs["id"]) == []
    await other.aclose()
    await root.aclose()


async def test_an_unknown_event_type_is_refused_naming_the_field(partner: Caller, receiver: Receiver) -> None:
    response = await partner.customers.post(
        "/v1/webhook-endpoints", json={"url": receiver.url, "event_types": ["customer.teleported.v1"]}
    )

    assert response.status_code == 422
    assert [p["name"] for p in response.json()["invalid_params"]] == ["event_types"]
    listed = (await partner.customers.get("/v1/webhook-endpoints")).json()
    assert all("customer.teleported.v1" not in e["event_types"] for e in listed)
