"""Subtree listing on a large reseller tree, through the same repository query the list endpoint runs.

    python -m bench.customer_tree [--customers 100000] [--samples 300]

Seeds a partner with N customers below it (resellers with their own customers, so the subtree has depth)
and a sibling partner with N/5 more (rows the prefix must skip), directly in a scratch embedded PostgreSQL
migrated to head. Then times, per query: a fresh session, the scoped list query (R-HIER-03) with a filter,
and turning the page into API models. Target: p99 < 50 ms.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import statistics
import tempfile
import time
import uuid
from collections.abc import Awaitable, Callable
from datetime import UTC, datetime, timedelta
from pathlib import Path

import orjson
from sqlalchemy import Column, text
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker, create_async_engine

from contracts.enums import CustomerState
from customers.customer.repository import CustomerRepository
from customers.customer.schemas import CustomerFilter, CustomerRead
from customers.models import ROOT_CUSTOMER_ID, Customer, child_path
from devstack.postgres import EmbeddedPostgres, create_databases, database_url, migrate
from servicekit import PageRequest, encode_cursor

PAGE = 50
START = datetime(2025, 1, 1, tzinfo=UTC)
NAMES = ("Fjordline Bakery Supplies", "Nordkapp Logistics", "Bergen Dental Care", "Tromsø Marine Services")
STATES = (CustomerState.PROVISIONED,) * 8 + (CustomerState.CANCELLED, CustomerState.PENDING_RPL_REVIEW)


def percentile(values: list[float], p: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(p / 100 * (len(ordered) - 1))))]


def row(customer_id: uuid.UUID, parent_id: uuid.UUID, path: str, n: int, created_at: datetime) -> dict[str, object]:
    return {
        "id": customer_id,
        "parent_id": parent_id,
        "path": path,
        "external_id": f"crm-{n}",
        "name": f"{NAMES[n % len(NAMES)]} {n}",
        "state": STATES[n % len(STATES)],
        "billing_address": {"line1": "Storgata 1", "city": "Oslo", "postal_code": "0155", "country": "NO"},
        "country": "NO",
        "contact_email": "it@example.com",
        "packages": {"calling_standard": 5},
        "screening_status": "cleared",
        "created_at": created_at,
        "updated_at": created_at,
    }


def tree(partner_id: uuid.UUID, partner_path: str, total: int, fanout: int, offset: int) -> list[dict[str, object]]:
    """`total` customers under a partner: every `fanout`-th one a reseller holding the next ones."""
    rows: list[dict[str, object]] = []
    parent_id, parent_path = partner_id, partner_path
    for i in range(total):
        customer_id = uuid.uuid4()
        # Interleave the partners' rows in time, so neither subtree is one contiguous run of created_at.
        created_at = START + timedelta(seconds=2 * i + offset)
        if i % fanout == 0:
            parent_id, parent_path = partner_id, partner_path
            rows.append(row(customer_id, parent_id, child_path(parent_path, customer_id), i, created_at))
            parent_id, parent_path = customer_id, child_path(partner_path, customer_id)
        else:
            rows.append(row(customer_id, parent_id, child_path(parent_path, customer_id), i, created_at))
    return rows


def copy_records(rows: list[dict[str, object]]) -> tuple[list[str], list[tuple[object, ...]]]:
    """Rows as COPY records: the given values, Python-side defaults for the rest, server defaults left out."""
    table = Customer.__table__
    columns = [c for c in table.columns if c.name in rows[0] or (c.default is not None and c.server_default is None)]

    def value(column: Column[object], row: dict[str, object]) -> object:
        if column.name in row:
            found = row[column.name]
        else:
            found = column.default.arg(None) if column.default.is_callable else column.default.arg  # type: ignore[union-attr]
        return orjson.dumps(found).decode() if isinstance(found, dict | list) else found

    return [c.name for c in columns], [tuple(value(c, r) for c in columns) for r in rows]


async def seed(sessions: async_sessionmaker[AsyncSession], customers: int) -> tuple[str, uuid.UUID]:
    async with sessions.begin() as session:
        root = await session.get_one(Customer, ROOT_CUSTOMER_ID)
        partners = [uuid.uuid4(), uuid.uuid4()]
        rows = [row(p, root.id, child_path(root.path, p), n, START - timedelta(days=1)) for n, p in enumerate(partners)]
        partner_path = child_path(root.path, partners[0])
        rows += tree(partners[0], partner_path, customers, fanout=200, offset=0)
        rows += tree(partners[1], child_path(root.path, partners[1]), customers // 5, fanout=200, offset=1)
        columns, records = copy_records(rows)
        raw = await (await session.connection()).get_raw_connection()
        await raw.driver_connection.copy_records_to_table("customers", records=records, columns=columns)
    async with sessions.kw["bind"].connect() as connection:
        autocommit = await connection.execution_options(isolation_level="AUTOCOMMIT")
        await autocommit.execute(text("VACUUM ANALYZE customers"))
    return partner_path, partners[0]


async def timed(samples: int, query: Callable[[], Awaitable[int]]) -> tuple[list[float], int]:
    for _ in range(20):  # warm the pool, the plan cache and the buffer cache
        await query()
    latencies: list[float] = []
    found = 0
    for _ in range(samples):
        start = time.perf_counter()
        found = await query()
        latencies.append((time.perf_counter() - start) * 1000)
    return latencies, found


async def run(url: str, args: argparse.Namespace) -> None:
    engine = create_async_engine(url, pool_size=4)
    sessions = async_sessionmaker(engine, expire_on_commit=False)
    start = time.perf_counter()
    partner_path, partner_id = await seed(sessions, args.customers)
    print(
        f"seeded {args.customers} customers under a partner (+{args.customers // 5} beside it) "
        f"in {time.perf_counter() - start:.1f} s"
    )

    async def deep_cursor(filters: CustomerFilter) -> str:
        """The cursor a caller holds after paging through 90 % of the filtered subtree."""
        async with sessions() as session:
            repo = CustomerRepository(session, tenant_path=partner_path)
            rows = await repo.list(filters, PageRequest(limit=10 * args.customers))
            mark = rows[int(len(rows) * 0.9)]
            return encode_cursor(mark.created_at, mark.id)

    def page(filters: CustomerFilter, cursor: str | None) -> Callable[[], Awaitable[int]]:
        async def query() -> int:
            async with sessions() as session:
                rows = await CustomerRepository(session, tenant_path=partner_path).list(
                    filters, PageRequest(cursor, PAGE)
                )
                return len([CustomerRead.model_validate(c) for c in rows])

        return query

    cases = {
        "active (state filter)": CustomerFilter(),
        "state=provisioned": CustomerFilter(state=CustomerState.PROVISIONED),
        "name contains 'bakery'": CustomerFilter(name="bakery"),
        "direct children": CustomerFilter(parent_id=partner_id),
    }
    print(f"{'subtree list, page of ' + str(PAGE):40} {'p50 ms':>8} {'p99 ms':>8} {'rows':>5}")
    worst = 0.0
    for label, filters in cases.items():
        for where, cursor in (("first page", None), ("deep page", await deep_cursor(filters))):
            latencies, found = await timed(args.samples, page(filters, cursor))
            p99 = percentile(latencies, 99)
            worst = max(worst, p99)
            print(f"  {label + ', ' + where:38} {statistics.median(latencies):8.2f} {p99:8.2f} {found:5}")
    print(f"worst p99 {worst:.2f} ms (target < 50 ms): {'met' if worst < 50 else 'MISSED'}")
    await engine.dispose()


async def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--customers", type=int, default=100_000, help="customers under the partner")
    parser.add_argument("--samples", type=int, default=300, help="timed queries per case")
    parser.add_argument(
        "--database-url", default=os.environ.get("BENCH_DATABASE_URL"), help="a server to use instead of a scratch one"
    )
    args = parser.parse_args()
    name = f"bench_tree_{uuid.uuid4().hex[:8]}"
    with tempfile.TemporaryDirectory(prefix="bench-tree-") as folder:
        embedded = None if args.database_url else EmbeddedPostgres(Path(folder) / "postgres")
        server_url = args.database_url or embedded.url("postgres")  # type: ignore[union-attr]
        try:
            await create_databases(server_url, [name])
            url = database_url(server_url, name)
            await asyncio.to_thread(migrate, "customers", url)
            await run(url, args)
        finally:
            if embedded is not None:
                embedded.stop()


if __name__ == "__main__":
    asyncio.run(main())
