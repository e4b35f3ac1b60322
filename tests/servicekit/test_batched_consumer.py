"""A batch of one partition is applied in one transaction: a poison event inside it is parked, the rest applied once."""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from dataclasses import dataclass

import pytest
from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession

from contracts import topics
from contracts.envelope import Envelope
from contracts.events import BillingAddress, CustomerCreated
from customers.models import ROOT_CUSTOMER_ID, child_path
from devstack.services import Services
from rpl_screening.models import Screening
from rpl_screening.models import platform as rpl_platform
from rpl_screening.screening.service import ScreeningService
from servicekit import EventHandlers
from servicekit._inbox import Consumer

pytestmark = pytest.mark.asyncio(loop_scope="session")

POISON = "Poison Handler Ltd"


@dataclass
class Record:
    """A consumer record as aiokafka hands it over."""

    topic: str
    partition: int
    offset: int
    key: bytes | None
    value: bytes | None
    headers: Sequence[tuple[str, bytes]] = ()


def created(name: str) -> Envelope:
    customer_id = uuid.uuid4()
    event = CustomerCreated(
        customer_id=customer_id,
        parent_id=ROOT_CUSTOMER_ID,
        tenant_path=child_path(f"/{ROOT_CUSTOMER_ID.hex}/", customer_id),
        external_id=f"batch-{customer_id.hex[:8]}",
        name=name,
        billing_address=BillingAddress(line1="1 Dock Road", city="Bergen", country="NO"),
        contact_email="ops@example.com",
        screening_ref=uuid.uuid4(),
    )
    return Envelope.wrap(event, source="/tests")


def records(partition: int, start: int, envelopes: list[Envelope | bytes]) -> list[Record]:
    return [
        Record(
            topics.CUSTOMERS,
            partition,
            start + i,
            b"key",
            e if isinstance(e, bytes) else e.model_dump_json().encode(),
        )
        for i, e in enumerate(envelopes)
    ]


async def test_a_poison_event_in_a_batch_is_parked_while_the_rest_is_applied_once(services: Services) -> None:
    runtime = services.rpl_screening.runtime
    screening = runtime.component(ScreeningService)

    async def screen_then_fail_on_poison(session: AsyncSession, event: CustomerCreated, _: Envelope) -> None:
        await screening.screen_customer(
            session,
            customer_id=event.customer_id,
            tenant_path=event.tenant_path,
            screening_ref=event.screening_ref,
            name=event.name,
            address=event.billing_address.model_dump(),
            trigger=event.type,
        )
        if event.name == POISON:  # fails after its own writes: they must not survive the attempt
            raise RuntimeError("the handler refuses this customer")

    handlers = EventHandlers()
    handlers.add(CustomerCreated, screen_then_fail_on_poison)
    consumer = Consumer(
        service="rpl_screening",
        group=f"batch-test-{uuid.uuid4().hex[:6]}",
        sessionmaker=runtime.sessionmaker,
        tables=rpl_platform,
        handlers=handlers,
        settings=runtime.settings,
    )
    first, poison, second = created("Batch One AS"), created(POISON), created("Batch Two AS")
    other = created("Other Partition AS")
    base = 10_000_000 + uuid.uuid4().int % 1_000_000  # offsets no other test uses
    batch = [
        *records(2, base, [first, poison, b"{not json", second, first]),  # `first` published twice
        *records(3, base, [other]),
    ]

    await consumer.handle_batch(batch)
    await consumer.handle_batch(batch)  # delivered again, as after a crash before the offsets were committed

    async with runtime.sessionmaker() as session:

        async def screenings(envelope: Envelope) -> int:
            customer_id = uuid.UUID(envelope.subject)
            query = select(func.count()).select_from(Screening).where(Screening.customer_id == customer_id)
            return int(await session.scalar(query) or 0)

        parked = rpl_platform.parked_messages
        parked_offsets = {
            row.offset
            for row in await session.execute(
                select(parked.c.offset).where(parked.c.partition == 2, parked.c.offset.between(base, base + 4))
            )
        }
        inbox = rpl_platform.inbox
        recorded = set(
            await session.scalars(select(inbox.c.event_id).where(inbox.c.event_id.in_([poison.id, first.id])))
        )
        applied = [await screenings(e) for e in (first, second, other, poison)]

    assert applied == [1, 1, 1, 0]  # each once; the poison's failed attempts rolled back with their savepoints
    assert parked_offsets == {base + 1, base + 2}  # the failing handler and the bad JSON
    assert recorded == {first.id}  # a parked event is not recorded as applied
