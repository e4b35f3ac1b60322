"""A broker that lost its state is noticed, by a running service and by one starting after the loss, and the outbox
publishes again what was sent since every consumer confirmed: an event the broker acknowledged but nobody had
consumed yet still reaches its consumer."""

from __future__ import annotations

import asyncio
import uuid

import pytest
from sqlalchemy import select

from contracts import topics
from customers.models import platform as customers_platform
from devstack.services import Services
from devstack.stack import Stack
from devstack.testing import Caller
from servicekit._broker_watch import BrokerWatch

pytestmark = pytest.mark.asyncio(loop_scope="session")


def probe(services: Services, name: str) -> BrokerWatch:
    """A watch as a customers process starting with its own marker would build it."""
    runtime = services.customers.runtime
    return BrokerWatch(
        settings=runtime.settings.model_copy(update={"service_name": name}),
        broker=runtime.broker,
        relay=runtime.relay,
        sessionmaker=runtime.sessionmaker,
        tables=customers_platform,
        topics=(),
        publishes=(topics.CUSTOMERS,),
    )


async def started(watch: BrokerWatch) -> bool:
    try:
        return await watch.start()
    finally:
        await watch.close()


async def test_an_event_acknowledged_but_not_consumed_survives_a_broker_that_lost_its_state(
    services: Services, stack: Stack, root: Caller
) -> None:
    name = f"restart-probe-{uuid.uuid4().hex[:6]}"
    assert await started(probe(services, name)) is False  # first sight of this broker: nothing to recover
    settled = await root.create_customer(name="Before The Loss AS")
    await root.wait_for_state(settled["id"], "provisioned")
    customers_watch = probe(services, "customers")
    confirmed = await customers_watch.confirm()  # what the running watch records every few seconds
    await customers_watch.close()
    assert confirmed is not None

    rpl_subscribers = services.rpl_screening.runtime.broker.subscribers
    for subscriber in rpl_subscribers:  # rpl_screening is not consuming: the next event waits on the broker
        await subscriber.stop()
    waiting = await root.create_customer(name="Acknowledged Not Consumed AS")
    outbox = customers_platform.outbox
    async with services.customers.runtime.sessionmaker() as session:
        for _ in range(100):
            sent = await session.scalar(select(outbox.c.sent_at).where(outbox.c.key == waiting["id"]))
            if sent is not None:
                break
            await session.rollback()
            await asyncio.sleep(0.1)
        settled_sent = await session.scalar(
            select(outbox.c.sent_at).where(outbox.c.key == settled["id"]).order_by(outbox.c.id).limit(1)
        )
    assert sent is not None, "the relay never published the create"

    stack.stop_broker()  # the memory broker forgets every topic, record and offset
    stack.start_broker()

    # A process starting now sees its marker gone from a broker it had seen: it recovers before recreating it.
    assert await started(probe(services, name)) is not stack.durable_broker
    # The running services notice too; rpl_screening's watch restarts its subscribers, and customers' relay
    # publishes again what was sent since the confirmed point, so the waiting create is screened at last.
    final = await root.wait_for_state(waiting["id"], "provisioned", "pending_rpl_review", within=90)
    assert final["screening"]["status"] in ("cleared", "flagged")
    for subscriber in rpl_subscribers:
        if not subscriber.running:
            await subscriber.start()
    # The stack is left as it was found: every downstream service follows customers again.
    after = await root.create_customer(name="After The Loss AS")
    await root.wait_for_state(after["id"], "provisioned", within=90)
    for downstream in (root.pstn, root.cc):
        for _ in range(600):
            if (await downstream.get(f"/v1/customers/{after['id']}")).status_code == 200:
                break
            await asyncio.sleep(0.1)
        else:
            raise AssertionError(f"{downstream.base_url} never heard of a customer created after the loss")

    async with services.customers.runtime.sessionmaker() as session:
        first_event_of_settled = await session.scalar(
            select(outbox.c.sent_at).where(outbox.c.key == settled["id"]).order_by(outbox.c.id).limit(1)
        )
    if settled_sent is not None and settled_sent < confirmed:
        assert first_event_of_settled == settled_sent  # confirmed before the loss: not published again
