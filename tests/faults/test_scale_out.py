"""Two replicas of customers and of rpl_screening in one consumer group each, on the real (durable) broker: one
replica of each is killed (-9) mid-load, and the survivors carry on.

What must hold: every customer reaches a final state exactly once (one screening, one outcome event), each
customer's events keep saga order on the customers topic, and the surviving replica holds every partition.
"""

from __future__ import annotations

import asyncio
import time
from collections import defaultdict
from collections.abc import Iterator

import asyncpg
import pytest

from contracts import topics
from devstack.cluster import Cluster
from devstack.load import (
    CREATED,
    OUTCOMES,
    Load,
    TopicEvent,
    consumer_lag,
    group_assignment,
    topic_events,
)

pytestmark = [pytest.mark.asyncio(loop_scope="session"), pytest.mark.faults]

CUSTOMERS = 60
SCALED = {"customers": topics.SCREENING, "rpl_screening": topics.CUSTOMERS}  # group → the topic it reads
PARTITIONS = 4  # KAFKA_TOPIC_PARTITIONS of devstack.config.service_env


@pytest.fixture(scope="module")
def cluster(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Cluster]:
    running = Cluster.start(tmp_path_factory.mktemp("scaled"), replicas={"customers": 2, "rpl_screening": 2})
    try:
        yield running
    finally:
        running.close()


async def members_until(cluster: Cluster, group: str, count: int, within: float = 30.0) -> dict[str, list]:
    """The group's members once there are `count` (Tansu describes members, not what each holds: that the
    survivor holds every partition shows in the lag check, every partition consumed to its end)."""
    deadline = time.monotonic() + within
    while True:
        members = await group_assignment(cluster.bootstrap_servers, group)
        if len(members) == count:
            return members
        if time.monotonic() > deadline:
            raise AssertionError(f"group {group}: wanted {count} members, have {members}")
        await asyncio.sleep(0.5)


async def screenings_per_customer(cluster: Cluster, ids: list[str]) -> dict[str, int]:
    conn = await asyncpg.connect(cluster.dsn["rpl_screening"])
    try:
        rows = await conn.fetch(
            "SELECT customer_id::text AS id, count(*) AS n FROM screenings WHERE customer_id = ANY($1::uuid[]) "
            "GROUP BY 1",
            ids,
        )
    finally:
        await conn.close()
    return {r["id"]: r["n"] for r in rows}


async def outbox_evidence(cluster: Cluster, ids: list[str], events: list[TopicEvent]) -> str:
    """Where customers' outbox says each outcome event of `ids` went, and what the topic holds there."""
    conn = await asyncpg.connect(cluster.dsn["customers"])
    try:
        rows = await conn.fetch(
            "SELECT key, payload->>'type' AS type, event_id::text, sent_at, partition, \"offset\" FROM outbox "
            "WHERE key = ANY($1::text[]) AND payload->>'type' = ANY($2::text[]) ORDER BY id",
            ids,
            sorted(OUTCOMES),
        )
    finally:
        await conn.close()
    at = {(e.partition, e.offset): e for e in events}
    lines = [f"{len(ids)} customers without exactly one outcome event on {topics.CUSTOMERS}; their outbox rows:"]
    for r in rows[:20]:
        found = at.get((r["partition"], r["offset"]))
        lines.append(
            f"  {r['key']} {r['type']} {r['event_id']} sent_at={r['sent_at']} at {r['partition']}:{r['offset']}"
            f" → topic there: {found.type + ' ' + found.subject if found else 'nothing'}"
        )
    for partition in sorted({e.partition for e in events}):
        offsets = sorted(e.offset for e in events if e.partition == partition)
        gaps = sorted(set(range(offsets[0], offsets[-1] + 1)) - set(offsets))
        lines.append(
            f"  partition {partition}: {len(offsets)} records read to its end offset, offsets {offsets[0]}.."
            f"{offsets[-1]}, missing offsets {gaps[:20]}"
        )
    return "\n".join(lines)


def saga_order_broken(events: list[TopicEvent], subjects: set[str]) -> list[str]:
    """Customers whose events are split over partitions, or whose outcome came before (or without) the create."""
    by_subject: dict[str, list[TopicEvent]] = defaultdict(list)
    for event in events:
        if event.subject in subjects:
            by_subject[event.subject].append(event)
    broken = []
    for subject in subjects:
        mine = by_subject.get(subject, [])
        types = [e.type for e in sorted(mine, key=lambda e: e.offset)]
        if len({e.partition for e in mine}) != 1:
            broken.append(f"{subject}: on partitions {sorted({e.partition for e in mine})}")
        elif CREATED not in types or not any(t in OUTCOMES for t in types):
            broken.append(f"{subject}: events {types}")
        elif types.index(CREATED) > min(types.index(t) for t in OUTCOMES if t in types):
            broken.append(f"{subject}: outcome before created: {types}")
    return broken


async def test_a_replica_killed_mid_load_leaves_every_customer_done_once_in_order(cluster: Cluster) -> None:
    for group in SCALED:
        await members_until(cluster, group, 2)  # both replicas share the group before the load

    async with Load.open(cluster, "scale-out: a replica of each killed") as load:
        creating = load.create(CUSTOMERS, concurrency=6)
        await load.accepted_at_least(CUSTOMERS // 3)
        cluster.kill("customers", replica=1)
        cluster.kill("rpl_screening", replica=1)
        load.recovered()
        await creating
        report = await load.settle(within=90)
    report.append_to(cluster.folder / "reports.txt")

    # R-CUST-10: every accepted customer reaches a final state, nothing lost or done twice.
    assert report.unanswered == 0, report.describe()
    assert report.lost == [], report.describe()
    assert report.stuck == {}, report.describe()
    assert report.duplicates == [], report.describe()

    ids = list(load.ids.values())
    screened = await screenings_per_customer(cluster, ids)
    assert {cid: screened.get(cid, 0) for cid in ids if screened.get(cid, 0) != 1} == {}  # R-RPL-01: once each

    deadline = time.monotonic() + 30
    while True:  # a state change is committed before the relay publishes its event
        events = await topic_events(cluster.bootstrap_servers, topics.CUSTOMERS)
        outcomes: dict[str, set[str]] = defaultdict(set)
        for event in events:
            if event.type in OUTCOMES:
                outcomes[event.subject].add(event.id)
        if all(outcomes[cid] for cid in ids) or time.monotonic() > deadline:
            break
        await asyncio.sleep(0.5)
    not_once = {cid: len(outcomes[cid]) for cid in ids if len(outcomes[cid]) != 1}
    assert not_once == {}, await outbox_evidence(cluster, list(not_once), events)
    assert saga_order_broken(events, set(ids)) == []

    for group in SCALED:
        survivors = await members_until(cluster, group, 1)  # the one left holds every partition
        assert len(survivors) == 1, survivors
    deadline = time.monotonic() + 30
    while True:  # the survivors consumed every partition to its end
        lag = await consumer_lag(cluster.bootstrap_servers, SCALED)
        if all(v <= 0 for parts in lag.values() for v in parts.values()) or time.monotonic() > deadline:
            break
        await asyncio.sleep(0.5)
    # Behind = end offset minus committed; Tansu's end offset can trail what it acknowledged (negative lag).
    behind = {g: {p: v for p, v in parts.items() if v > 0} for g, parts in lag.items()}
    assert behind == {g: {} for g in SCALED}, lag
    assert all(set(parts) == set(range(PARTITIONS)) for parts in lag.values()), lag
