"""Delivery guarantees on the real broker: duplicates applied once, broker outages lose nothing, poison is parked."""

from __future__ import annotations

import asyncio
import uuid
from collections.abc import AsyncIterator

import pytest
import pytest_asyncio
from aiokafka import AIOKafkaProducer
from sqlalchemy import func, select

from contracts import topics
from contracts.envelope import Envelope
from contracts.events import BillingAddress, CustomerCreated
from customers.models import ROOT_CUSTOMER_ID, child_path
from devstack import testing
from devstack.services import Services
from devstack.stack import Stack
from devstack.testing import Caller
from rpl_screening.models import Screening
from rpl_screening.models import platform as rpl_platform

pytestmark = pytest.mark.asyncio(loop_scope="session")

ROOT_PATH = f"/{ROOT_CUSTOMER_ID.hex}/"


@pytest_asyncio.fixture(loop_scope="session")
async def producer(stack: Stack) -> AsyncIterator[AIOKafkaProducer]:
    kafka = AIOKafkaProducer(bootstrap_servers=stack.bootstrap_servers, enable_idempotence=False)
    await kafka.start()
    yield kafka
    await kafka.stop()


def created_event(customer_id: uuid.UUID) -> Envelope:
    event = CustomerCreated(
        customer_id=customer_id,
        parent_id=ROOT_CUSTOMER_ID,
        tenant_path=child_path(ROOT_PATH, customer_id),
        external_id=f"dup-{customer_id.hex[:8]}",
        name="Duplicate Delivery Ltd",
        billing_address=BillingAddress(line1="1 Dock Road", city="Bergen", country="NO"),
        contact_email="ops@example.com",
        screening_ref=uuid.uuid4(),
    )
    return Envelope.wrap(event, source="/tests")


async def send(producer: AIOKafkaProducer, key: uuid.UUID, value: bytes) -> None:
    await producer.send_and_wait(topics.CUSTOMERS, value, key=str(key).encode())


async def screenings_of(services: Services, customer_id: uuid.UUID) -> int:
    async with services.rpl_screening.runtime.sessionmaker() as session:
        count = await session.scalar(
            select(func.count()).select_from(Screening).where(Screening.customer_id == customer_id)
        )
        return int(count or 0)


async def wait_until_screened(services: Services, customer_id: uuid.UUID) -> None:
    for _ in range(300):
        if await screenings_of(services, customer_id):
            return
        await asyncio.sleep(0.1)
    raise AssertionError(f"{customer_id} was never screened")


async def test_the_same_event_delivered_twice_is_applied_once(services: Services, producer: AIOKafkaProducer) -> None:
    customer_id = uuid.uuid4()
    envelope = created_event(customer_id)
    body = envelope.model_dump_json().encode()
    await send(producer, customer_id, body)
    await send(producer, customer_id, body)
    # A later event on the same key (same partition) proves both copies were consumed before it.
    sentinel = created_event(customer_id)
    await send(producer, customer_id, sentinel.model_dump_json().encode())
    for _ in range(300):
        if await screenings_of(services, customer_id) >= 2:
            break
        await asyncio.sleep(0.1)

    assert await screenings_of(services, customer_id) == 2  # the original once, the sentinel once


async def test_a_poison_message_is_parked_and_the_partition_moves_on(
    services: Services, producer: AIOKafkaProducer
) -> None:
    key = uuid.uuid4()
    await send(producer, key, b"{not json")
    after = created_event(key)
    await send(producer, key, after.model_dump_json().encode())

    await wait_until_screened(services, key)

    parked = rpl_platform.parked_messages
    async with services.rpl_screening.runtime.sessionmaker() as session:
        rows = (await session.execute(select(parked).where(parked.c.key == str(key)))).all()
    assert len(rows) == 1
    assert rows[0].value == "{not json"
    assert rows[0].attempts == services.rpl_screening.runtime.settings.consumer_max_attempts


async def test_customers_created_while_the_broker_is_down_all_reach_a_final_state(
    services: Services, stack: Stack, root: Caller
) -> None:
    partner = await testing.partner(services, root, name="Outage Partner AS")
    stack.stop_broker()
    try:
        created = [await partner.create_customer(name=f"Outage Test Customer {i}") for i in range(5)]
        await asyncio.sleep(1.0)  # the relay is failing and backing off now
        for customer in created:
            assert (await partner.customers.get(f"/v1/customers/{customer['id']}")).json()["state"] == "provisioning"
    finally:
        stack.start_broker()

    for customer in created:
        final = await partner.wait_for_state(customer["id"], "provisioned", "pending_rpl_review", within=90)
        assert final["screening"]["status"] in ("cleared", "flagged")
    await partner.aclose()
