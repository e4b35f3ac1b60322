"""Providers follow onboarding by webhooks (R-CUST-10): signed, retried until answered, scoped to the subtree;
isolated per endpoint, in order per customer, a failing endpoint disabled with an event and an email, deliveries
replayed from a point in time."""

from __future__ import annotations

import asyncio
import contextlib
import email
import email.policy
import socket
import time
from collections.abc import AsyncIterator
from dataclasses import dataclass, field
from datetime import timedelta
from email.message import EmailMessage
from typing import Any

import orjson
import pytest
import pytest_asyncio
from aiosmtpd.controller import Controller
from fastapi import FastAPI, Request, Response
from standardwebhooks import Webhook

from contracts.events import EVENT_TYPES
from customers.webhook.schemas import WEBHOOK_EVENT_TYPES
from customers.webhook.service import RETRY_AFTER, WebhookService
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
        return [event["type"] for event in self.events_for(customer_id)]

    def events_for(self, customer_id: str) -> list[dict]:
        events = [orjson.loads(body) for _, body in self.received]
        return [event for event in events if event["subject"] == customer_id]

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
    assert [p["name"] for p in response.json()["invalid_params"]] == ["event_types.0"]
    listed = (await partner.customers.get("/v1/webhook-endpoints")).json()
    assert all("customer.teleported.v1" not in e["event_types"] for e in listed)


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@pytest_asyncio.fixture(loop_scope="session")
async def hanging_url() -> AsyncIterator[str]:
    """An endpoint that accepts the connection and never answers."""
    held: list[asyncio.StreamWriter] = []

    async def hold(reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        held.append(writer)

    server = await asyncio.start_server(hold, "127.0.0.1", 0)
    port = server.sockets[0].getsockname()[1]
    yield f"http://127.0.0.1:{port}/hooks"
    server.close()
    for writer in held:
        writer.close()


class Sink:
    def __init__(self) -> None:
        self.messages: list[EmailMessage] = []

    async def handle_DATA(self, server: Any, session: Any, envelope: Any) -> str:
        parsed = email.message_from_bytes(envelope.original_content or envelope.content, policy=email.policy.default)
        assert isinstance(parsed, EmailMessage)
        self.messages.append(parsed)
        return "250 Message accepted for delivery"


@pytest.fixture
def mail(services: Services, monkeypatch: pytest.MonkeyPatch) -> Any:
    """An SMTP sink on loopback (aiosmtpd) that the customers service sends to for this test."""
    sink = Sink()
    controller = Controller(sink, hostname="127.0.0.1", port=free_port())
    controller.start()
    mailer = services.customers.runtime.component(WebhookService).mailer
    monkeypatch.setattr(mailer, "host", "127.0.0.1")
    monkeypatch.setattr(mailer, "port", controller.port)
    yield sink
    controller.stop()


async def deliveries(caller: Caller, endpoint_id: str, **params: str) -> list[dict]:
    response = await caller.customers.get(f"/v1/webhook-endpoints/{endpoint_id}/deliveries", params=params)
    assert response.status_code == 200, response.text
    items: list[dict] = response.json()["items"]
    return items


async def test_the_event_types_an_endpoint_may_ask_for_are_every_customer_pstn_and_contact_center_event() -> None:
    assert set(WEBHOOK_EVENT_TYPES) == {t for t in EVENT_TYPES if t.startswith(("customer.", "pstn.", "cc."))}


async def test_a_hanging_or_refusing_endpoint_does_not_delay_another_partners_deliveries(
    services: Services, root: Caller, partner: Caller, receiver: Receiver, hanging_url: str
) -> None:
    slow = await testing.partner(services, root, name="Slowpoke Networks Ltd")
    dead = await testing.partner(services, root, name="Offline Carrier GmbH")
    hanging = await register(slow, hanging_url)
    refusing = await register(dead, f"http://127.0.0.1:{free_port()}/hooks")
    for _ in range(6):  # more than an endpoint's slots: every one of them hangs for the whole timeout
        await slow.create_customer()
        await dead.create_customer()
    for _ in range(100):
        if any(d["attempts"] == 0 for d in await deliveries(slow, hanging["id"])):
            break
        await asyncio.sleep(0.1)
    await register(partner, receiver.url)

    started = time.monotonic()
    ours = await partner.create_customer()
    await receiver.wait_for(ours["id"], "customer.created.v1")

    assert time.monotonic() - started < 3.0
    assert (await deliveries(slow, hanging["id"], status="delivered")) == []
    for caller, endpoint in ((slow, hanging), (dead, refusing)):
        assert (await caller.customers.delete(f"/v1/webhook-endpoints/{endpoint['id']}")).status_code == 204
        await caller.aclose()


async def test_a_customers_lifecycle_arrives_in_order_with_an_increasing_sequence(
    partner: Caller, receiver: Receiver
) -> None:
    await register(partner, receiver.url)
    customer = await partner.create_customer()
    await partner.wait_for_state(customer["id"], "provisioned")
    for step in ("suspend", "resume", "suspend", "resume"):
        body = {"reason": "unpaid invoice"} if step == "suspend" else None
        response = await partner.customers.post(f"/v1/customers/{customer['id']}/{step}", json=body)
        assert response.status_code == 200, response.text
    for _ in range(300):
        if receiver.types_for(customer["id"]).count("customer.resumed.v1") == 2:
            break
        await asyncio.sleep(0.1)

    events = receiver.events_for(customer["id"])
    steps = {"customer.created.v1", "customer.provisioned.v1", "customer.suspended.v1", "customer.resumed.v1"}
    lifecycle = [e["type"] for e in events if e["type"] in steps]
    assert lifecycle == [
        "customer.created.v1",
        "customer.provisioned.v1",
        "customer.suspended.v1",
        "customer.resumed.v1",
        "customer.suspended.v1",
        "customer.resumed.v1",
    ]
    sequences = [int(e["sequence"]) for e in events]
    assert sequences == sorted(sequences)
    assert len(set(sequences)) == len(sequences)


async def test_an_endpoint_failing_through_the_retry_schedule_is_disabled_with_an_event_and_an_email(
    services: Services, partner: Caller, receiver: Receiver, mail: Sink
) -> None:
    failing = await register(partner, f"http://127.0.0.1:{free_port()}/hooks", event_types=["customer.created.v1"])
    await register(partner, receiver.url, event_types=["customer.webhook_endpoint_disabled.v1"])
    await partner.create_customer()

    for attempt, wait in enumerate([*RETRY_AFTER, None], start=1):
        for _ in range(300):
            tried = await deliveries(partner, failing["id"])
            if tried and tried[0]["attempts"] == attempt:
                break
            await asyncio.sleep(0.05)
        assert tried[0]["attempts"] == attempt, tried
        if wait is not None:
            assert tried[0]["status"] == "pending"
            services.clock.advance(wait + timedelta(seconds=1))

    assert tried[0]["status"] == "failed"
    endpoint = (await partner.customers.get(f"/v1/webhook-endpoints/{failing['id']}")).json()
    assert endpoint["enabled"] is False
    _, body = await receiver.wait_for(str(partner.customer_id), "customer.webhook_endpoint_disabled.v1")
    assert failing["id"] in body.decode()
    for _ in range(100):
        sent = [m for m in mail.messages if m["X-Webhook-Endpoint-Id"] == failing["id"]]
        if sent:
            break
        await asyncio.sleep(0.1)
    assert len(sent) == 1
    assert sent[0]["To"] == "it@example.com"  # the partner's contact
    assert failing["url"] in sent[0]["Subject"]
    assert "disabled" in sent[0].get_content()


async def test_a_replay_sends_an_endpoints_deliveries_again_with_the_same_webhook_ids(
    partner: Caller, receiver: Receiver
) -> None:
    endpoint = await register(partner, receiver.url)
    customer = await partner.create_customer()
    # The onboarding's last event: provisioned and packages_provisioned leave in one transaction.
    await receiver.wait_for(customer["id"], "customer.packages_provisioned.v1")
    for _ in range(100):
        delivered = await deliveries(partner, endpoint["id"], status="delivered")
        if len(delivered) == len(receiver.events_for(customer["id"])):
            break
        await asyncio.sleep(0.1)
    first = receiver.events_for(customer["id"])
    since = min(d["created_at"] for d in delivered)

    response = await partner.customers.post(f"/v1/webhook-endpoints/{endpoint['id']}/replays", json={"since": since})

    assert response.status_code == 202, response.text
    assert response.json()["queued"] == len(delivered)
    for _ in range(100):
        if len(receiver.events_for(customer["id"])) >= 2 * len(first):
            break
        await asyncio.sleep(0.1)
    again = receiver.events_for(customer["id"])[len(first) :]
    assert [e["id"] for e in again] == [e["id"] for e in first]  # the same webhook-ids, in the same order
    assert [e["sequence"] for e in again] == [e["sequence"] for e in first]


async def test_a_replay_needs_an_rfc_3339_time_with_its_offset(partner: Caller, receiver: Receiver) -> None:
    endpoint = await register(partner, receiver.url)

    response = await partner.customers.post(
        f"/v1/webhook-endpoints/{endpoint['id']}/replays", json={"since": "2026-11-23T08:00:00"}
    )

    assert response.status_code == 422
    assert [p["name"] for p in response.json()["invalid_params"]] == ["since"]


async def test_a_pstn_event_reaches_the_providers_endpoint_after_the_customers_own_events(
    services: Services, partner: Caller, root: Caller, receiver: Receiver
) -> None:
    # pstn_orders' events reach the provider's endpoints like customer events do, in the customer's order.
    endpoint = await register(
        partner, receiver.url, event_types=["customer.location_created.v1", "pstn.setup_skipped.v1"]
    )
    calling = await testing.calling_customer(services, partner, root, subscription="trial")
    try:
        skipped = await partner.pstn.post(f"/v1/customers/{calling.customer_id}/pstn-setup/skip")
        assert skipped.status_code == 200, skipped.text

        headers, body = await receiver.wait_for(str(calling.customer_id), "pstn.setup_skipped.v1")
    finally:
        await calling.admin.aclose()
    verified = Webhook(endpoint["secret"]).verify(body, headers)
    assert verified["source"] == "/services/pstn_orders"
    events = receiver.events_for(str(calling.customer_id))
    assert [e["type"] for e in events] == ["customer.location_created.v1", "pstn.setup_skipped.v1"]
    assert int(events[0]["sequence"]) < int(events[1]["sequence"])
