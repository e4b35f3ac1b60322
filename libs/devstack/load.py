"""Onboarding load against a Cluster, and what it did: the customers accepted, lost, stuck or done twice.

    async with Load.open(cluster) as load:
        creating = load.create(30, concurrency=4)     # a task: POST /v1/customers as the platform root
        await load.accepted_at_least(10)
        cluster.kill("rpl_screening")                 # the fault, mid-load
        ...
        load.recovered()                              # the clock for `settle_seconds` starts here
        await creating
        report = await load.settle(within=90)

A create that fails on the wire (refused, reset, timed out) or with 429/5xx is retried with the same body and
Idempotency-Key, so a create that was done but whose answer was lost is answered again, not done twice; each
such failure counts as a client error. The settle phase reads the customers' states from their database and the
checks for double effects read rpl_screening's database and the customers topic directly.
"""

from __future__ import annotations

import asyncio
import contextlib
import itertools
import time
import uuid
from collections import Counter, defaultdict
from collections.abc import AsyncIterator, Awaitable, Callable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import asyncpg
import httpx
import orjson
from aiokafka import AIOKafkaConsumer, TopicPartition
from aiokafka.admin import AIOKafkaAdminClient

from contracts import topics
from devstack.cluster import Cluster
from devstack.config import ROOT_CLIENT_ID
from devstack.testing import customer_body

FINAL = frozenset({"provisioned", "provisioned_with_errors", "pending_rpl_review", "error"})
CREATED = "customer.created.v1"
OUTCOMES = frozenset({"customer.provisioned.v1", "customer.review_pending.v1", "customer.failed.v1"})
RETRYABLE = frozenset({429, 500, 502, 503, 504})


@dataclass(frozen=True)
class TopicEvent:
    id: str
    type: str
    subject: str
    partition: int
    offset: int


@dataclass
class Report:
    """What one run of load did; `ok` when nothing was lost, stuck or done twice."""

    scenario: str
    accepted: int
    unanswered: int  # creates that never got a 2xx within the load's bound (not accepted, so not lost)
    lost: list[str]  # answered 202, but no such customer
    stuck: dict[str, str]  # customer id → state it stayed in
    duplicates: list[str]  # what was done twice, one line each
    client_errors: Counter[str]
    settle_seconds: float | None  # from recovered() (or the last create) until every customer was final
    states: Counter[str] = field(default_factory=Counter)

    @property
    def ok(self) -> bool:
        return not self.lost and not self.stuck and not self.duplicates

    def append_to(self, path: Path) -> None:
        with open(path, "a") as out:
            out.write(self.describe() + "\n")

    def describe(self) -> str:
        stuck = ", ".join(f"{cid} {state}" for cid, state in list(self.stuck.items())[:10])
        return (
            f"{self.scenario}: accepted {self.accepted}, unanswered {self.unanswered}, lost {len(self.lost)}, "
            f"stuck {len(self.stuck)}{f' ({stuck})' if stuck else ''}, duplicates {self.duplicates[:10]}, "
            f"client errors {dict(self.client_errors)}, states {dict(self.states)}, settle {self.settle_seconds}"
        )


async def root_token(base_url: str, secret: str, within: float = 60.0) -> str:
    """The platform root's access token (client credentials), retried while customers is starting."""
    deadline = time.monotonic() + within
    data = {"grant_type": "client_credentials", "client_id": ROOT_CLIENT_ID, "client_secret": secret}
    async with httpx.AsyncClient(base_url=base_url, timeout=10) as http:
        while True:
            try:
                response = await http.post("/oauth/token", data=data)
                if response.status_code == 200:
                    return str(response.json()["access_token"])
            except httpx.HTTPError:
                pass
            if time.monotonic() > deadline:
                raise TimeoutError(f"no root token from {base_url}")
            await asyncio.sleep(0.2)


class Load:
    def __init__(self, cluster: Cluster, http: httpx.AsyncClient, token: str, scenario: str) -> None:
        self.cluster = cluster
        self.http = http
        self.headers = {"authorization": f"Bearer {token}"}
        self.scenario = scenario
        self.urls = [r.url for r in cluster.services["customers"]]
        self.ids: dict[str, str] = {}  # external_id → customer id, for every accepted create
        self.unanswered = 0
        self.errors: Counter[str] = Counter()
        self.recovered_at: float | None = None
        self.last_accept = time.monotonic()
        self._accepted = asyncio.Condition()

    @classmethod
    @contextlib.asynccontextmanager
    async def open(cls, cluster: Cluster, scenario: str = "load", *, wait: float = 10.0) -> AsyncIterator[Load]:
        token = await root_token(cluster.url("customers"), cluster.root_secret)
        limits = httpx.Limits(max_connections=256, max_keepalive_connections=64)
        async with httpx.AsyncClient(timeout=wait, limits=limits) as http:
            yield cls(cluster, http, token, scenario)

    # --- creating ------------------------------------------------------------------------------

    def create(self, count: int, *, concurrency: int = 4, within: float = 120.0) -> asyncio.Task[None]:
        """Create `count` customers, `concurrency` at a time, each retried until answered or `within` passes."""
        numbers = iter(range(count))
        deadline = time.monotonic() + within

        async def worker() -> None:
            for i in numbers:
                await self._create_one(i, deadline)

        async def run() -> None:
            await asyncio.gather(*(worker() for _ in range(concurrency)))

        return asyncio.create_task(run())

    async def _create_one(self, i: int, deadline: float) -> None:
        body = customer_body()
        headers = self.headers | {"Idempotency-Key": str(uuid.uuid4())}
        for attempt in itertools.count():
            url = self.urls[(i + attempt) % len(self.urls)]  # a retry goes to the next replica
            try:
                response = await self.http.post(f"{url}/v1/customers", json=body, headers=headers)
            except httpx.TimeoutException:
                self.errors["timeout"] += 1
            except httpx.TransportError:
                self.errors["connection"] += 1
            else:
                if response.status_code == 202:
                    self.ids[body["external_id"]] = str(response.json()["id"])
                    self.last_accept = time.monotonic()
                    async with self._accepted:
                        self._accepted.notify_all()
                    return
                if response.status_code not in RETRYABLE:
                    raise AssertionError(f"create answered {response.status_code}: {response.text[:500]}")
                self.errors[str(response.status_code)] += 1
            if time.monotonic() > deadline:
                self.unanswered += 1
                return
            await asyncio.sleep(min(0.1 * 2**attempt, 1.0))

    async def accepted_at_least(self, count: int) -> None:
        async with self._accepted:
            await self._accepted.wait_for(lambda: len(self.ids) >= count)

    def recovered(self) -> None:
        """The fault is over (everything restarted and ready): settle time is measured from here."""
        self.recovered_at = time.monotonic()

    # --- settling and checking -----------------------------------------------------------------

    async def settle(self, within: float = 90.0) -> Report:
        """Until every accepted customer is in a final state or `within` seconds pass; then the checks."""
        start = self.recovered_at or self.last_accept
        deadline = time.monotonic() + within
        ids = list(self.ids.values())
        states: dict[str, str] = {}
        settled_at: float | None = None
        while True:
            with contextlib.suppress(OSError, asyncpg.PostgresError):
                states = await customer_states(self.cluster, ids)
            if len(states) == len(ids) and all(s in FINAL for s in states.values()):
                settled_at = time.monotonic()
                break
            if time.monotonic() > deadline:
                break
            await asyncio.sleep(0.25)
        states = await customer_states(self.cluster, ids)
        duplicates = await double_effects(self.cluster, ids)
        events = await topic_events(self.cluster.bootstrap_servers, topics.CUSTOMERS)
        duplicates += duplicate_outcomes(events, set(ids))
        return Report(
            scenario=self.scenario,
            accepted=len(ids),
            unanswered=self.unanswered,
            lost=[i for i in ids if i not in states],
            stuck={i: s for i, s in states.items() if s not in FINAL},
            duplicates=duplicates,
            client_errors=self.errors,
            settle_seconds=None if settled_at is None else round(max(0.0, settled_at - start), 1),
            states=Counter(states.values()),
        )


async def customer_states(cluster: Cluster, ids: Sequence[str]) -> dict[str, str]:
    conn = await asyncpg.connect(cluster.dsn["customers"], timeout=5)
    try:
        rows = await conn.fetch("SELECT id::text, state FROM customers WHERE id = ANY($1::uuid[])", list(ids))
    finally:
        await conn.close()
    return {r["id"]: r["state"] for r in rows}


async def double_effects(cluster: Cluster, ids: Sequence[str]) -> list[str]:
    """Effects that must happen once per customer and were found more than once."""
    found: list[str] = []
    conn = await asyncpg.connect(cluster.dsn["rpl_screening"], timeout=5)
    try:
        for r in await conn.fetch(
            "SELECT customer_id::text, screening_ref::text, count(*) AS n FROM screenings "
            "WHERE customer_id = ANY($1::uuid[]) GROUP BY 1, 2 HAVING count(*) > 1",
            list(ids),
        ):
            found.append(f"{r['customer_id']}: {r['n']} screenings of screening_ref {r['screening_ref']}")
    finally:
        await conn.close()
    conn = await asyncpg.connect(cluster.dsn["customers"], timeout=5)
    try:
        for r in await conn.fetch(
            "SELECT customer_id::text, count(*) AS n FROM ledger_entries "
            "WHERE kind = 'opening' AND customer_id = ANY($1::uuid[]) GROUP BY 1 HAVING count(*) > 1",
            list(ids),
        ):
            found.append(f"{r['customer_id']}: {r['n']} opening ledger entries")
    finally:
        await conn.close()
    return found


def duplicate_outcomes(events: Sequence[TopicEvent], subjects: set[str]) -> list[str]:
    """More than one outcome event (distinct ids: a republished copy of one event is not a second effect)."""
    outcomes: dict[str, set[str]] = defaultdict(set)
    for event in events:
        if event.type in OUTCOMES and event.subject in subjects:
            outcomes[event.subject].add(event.id)
    return [f"{s}: {len(ids)} outcome events" for s, ids in outcomes.items() if len(ids) > 1]


async def topic_events(bootstrap: str, topic: str, within: float = 30.0) -> list[TopicEvent]:
    """Every event on `topic` from the beginning, to the end offsets as of now and on until none comes."""
    consumer = AIOKafkaConsumer(bootstrap_servers=bootstrap, enable_auto_commit=False, request_timeout_ms=10_000)
    await consumer.start()
    try:
        await consumer.topics()  # fetches the metadata partitions_for_topic reads
        partitions = [TopicPartition(topic, p) for p in sorted(consumer.partitions_for_topic(topic) or ())]
        consumer.assign(partitions)
        await consumer.seek_to_beginning(*partitions)
        ends = await consumer.end_offsets(partitions)
        events: list[TopicEvent] = []
        deadline = time.monotonic() + within
        # Read past the end offsets too, until a poll brings nothing: Tansu's ListOffsets can answer an end
        # below records it already acknowledged (negative lag), and those records must count as well.
        reached: set[TopicPartition] = {tp for tp in partitions if ends[tp] == 0}
        while time.monotonic() < deadline:
            batch = await consumer.getmany(*partitions, timeout_ms=1000)
            for tp, records in batch.items():
                for record in records:
                    body: dict[str, Any] = orjson.loads(record.value or b"{}")
                    events.append(TopicEvent(body["id"], body["type"], body["subject"], tp.partition, record.offset))
                    if record.offset >= ends[tp] - 1:
                        reached.add(tp)
            if not batch and len(reached) == len(partitions):
                break
        if len(reached) < len(partitions):
            missing = sorted(tp.partition for tp in partitions if tp not in reached)
            raise TimeoutError(f"{topic}: could not read to the end of {missing}")
        return events
    finally:
        await consumer.stop()


# --- the fault scenarios (tests/faults and bench.faults) ---------------------------------------------------


async def _broker_kill(cluster: Cluster) -> None:
    cluster.kill("broker")
    await asyncio.sleep(2)
    cluster.restart("broker")


async def _broker_freeze(cluster: Cluster) -> None:
    cluster.stop("broker")
    await asyncio.sleep(4)
    cluster.cont("broker")


async def _screening_kill(cluster: Cluster) -> None:
    cluster.kill("rpl_screening")
    await asyncio.sleep(1)
    cluster.restart("rpl_screening")


async def _customers_kill(cluster: Cluster) -> None:
    cluster.kill("customers")
    await asyncio.sleep(1)
    cluster.restart("customers")


async def _postgres_kill(cluster: Cluster) -> None:
    cluster.kill_postgres()
    await asyncio.sleep(2)
    cluster.start_postgres()


async def _power_cut(cluster: Cluster) -> None:
    cluster.kill_all()
    await asyncio.sleep(1)
    cluster.start_all()


Fault = Callable[[Cluster], Awaitable[None]]
SCENARIOS: dict[str, Fault] = {
    "broker kill -9, restart": _broker_kill,
    "broker SIGSTOP 4 s, SIGCONT": _broker_freeze,
    "rpl_screening kill -9, restart": _screening_kill,
    "customers kill -9, restart": _customers_kill,
    "postgres kill -9, restart": _postgres_kill,
    "power cut: all kill -9, start": _power_cut,
}


async def run_scenario(
    cluster: Cluster, name: str, customers: int = 30, *, concurrency: int = 4, settle_within: float = 60.0
) -> Report:
    """`customers` created as load; the fault strikes after a third are accepted; then settle and check."""
    async with Load.open(cluster, name) as load:
        creating = load.create(customers, concurrency=concurrency)
        await load.accepted_at_least(customers // 3)
        await SCENARIOS[name](cluster)
        await cluster.ready()
        load.recovered()
        await creating
        return await load.settle(within=settle_within)


# --- consumer groups -----------------------------------------------------------------------------------

# Each service's consumer group and the topic it reads (servicekit names a group after its service).
GROUPS = {
    "customers": topics.SCREENING,
    "customers.webhooks": topics.CUSTOMERS,
    "rpl_screening": topics.CUSTOMERS,
}


async def consumer_lag(bootstrap: str, groups: Mapping[str, str] = GROUPS) -> dict[str, dict[int, int]]:
    """Per group, per partition of its topic: end offset minus the group's committed offset (all of it if none)."""
    admin = AIOKafkaAdminClient(bootstrap_servers=bootstrap, request_timeout_ms=10_000)
    consumer = AIOKafkaConsumer(bootstrap_servers=bootstrap, enable_auto_commit=False, request_timeout_ms=10_000)
    await admin.start()
    await consumer.start()
    try:
        await consumer.topics()
        lag: dict[str, dict[int, int]] = {}
        for group, topic in groups.items():
            partitions = [TopicPartition(topic, p) for p in sorted(consumer.partitions_for_topic(topic) or ())]
            ends = await consumer.end_offsets(partitions)
            committed = await admin.list_consumer_group_offsets(group, partitions=partitions)
            lag[group] = {
                tp.partition: ends[tp] - (committed[tp].offset if tp in committed and committed[tp].offset >= 0 else 0)
                for tp in partitions
            }
        return lag
    finally:
        await consumer.stop()
        await admin.close()


async def group_assignment(bootstrap: str, group: str) -> dict[str, list[tuple[str, int]]]:
    """The group's members (member id) and the partitions each holds now."""
    from aiokafka.coordinator.protocol import ConsumerProtocolMemberAssignment

    admin = AIOKafkaAdminClient(bootstrap_servers=bootstrap, request_timeout_ms=10_000)
    await admin.start()
    try:
        members: dict[str, list[tuple[str, int]]] = {}
        for response in await admin.describe_consumer_groups([group]):
            for described in response.groups:
                for member in described[5]:  # (error, group, state, protocol type, protocol, members, ...)
                    member_id, assignment = member[0], member[4]
                    held = ConsumerProtocolMemberAssignment.decode(assignment) if assignment else None
                    members[str(member_id)] = [(tp.topic, tp.partition) for tp in (held.partitions() if held else [])]
        return members
    finally:
        await admin.close()
