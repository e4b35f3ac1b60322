"""Onboarding throughput and latency against the running stack (`make run`), beside a bare-insert ceiling.

    python -m bench.onboarding [--customers 500] [--concurrency 32]

Creates customers over HTTP as the platform root, and times each one from its POST to the first outcome
event on the customers topic (provisioned, or held for review). The ceiling is a bare endpoint inserting one
row into the same PostgreSQL through asyncpg, started by this bench and driven the same way.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import statistics
import sys
import time
from pathlib import Path

import httpx
import orjson
from aiokafka import AIOKafkaConsumer

from contracts import topics
from devstack import broker
from devstack.config import ROOT_CLIENT_ID, ensure_secret
from devstack.postgres import EmbeddedPostgres, create_databases, database_url
from devstack.testing import customer_body

ROOT = Path(__file__).resolve().parents[2]
SETTLED = {"customer.provisioned.v1", "customer.review_pending.v1", "customer.failed.v1"}


def percentile(values: list[float], p: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(p / 100 * (len(ordered) - 1))))]


async def root_token(http: httpx.AsyncClient) -> str:
    secret = ensure_secret(ROOT / ".data" / "root-client-secret")
    data = {"grant_type": "client_credentials", "client_id": ROOT_CLIENT_ID, "client_secret": secret}
    response = await http.post("/oauth/token", data=data)
    response.raise_for_status()
    return str(response.json()["access_token"])


async def watch_outcomes(bootstrap: str, settled: dict[str, float], started: asyncio.Event) -> None:
    consumer = AIOKafkaConsumer(topics.CUSTOMERS, bootstrap_servers=bootstrap, auto_offset_reset="latest")
    await consumer.start()
    try:
        await consumer.seek_to_end()
        started.set()
        async for record in consumer:
            event = orjson.loads(record.value)
            if event["type"] in SETTLED:
                settled.setdefault(event["subject"], time.perf_counter())
    finally:
        await consumer.stop()


async def drive(total: int, concurrency: int, send) -> tuple[float, dict[int, float]]:
    """Run `send(i)` for i < total with `concurrency` in flight; answers elapsed seconds and send times."""
    queue = iter(range(total))
    sent_at: dict[int, float] = {}

    async def worker() -> None:
        for i in queue:
            sent_at[i] = time.perf_counter()
            await send(i)

    start = time.perf_counter()
    await asyncio.gather(*(worker() for _ in range(concurrency)))
    return time.perf_counter() - start, sent_at


async def pipeline(args: argparse.Namespace) -> dict[str, float]:
    limits = httpx.Limits(max_connections=args.concurrency)
    async with httpx.AsyncClient(base_url=args.customers_url, limits=limits, timeout=60) as http:
        http.headers["authorization"] = f"Bearer {await root_token(http)}"
        settled: dict[str, float] = {}
        listening = asyncio.Event()
        watcher = asyncio.create_task(watch_outcomes(args.bootstrap, settled, listening))
        await listening.wait()
        ids: dict[int, str] = {}

        async def create(i: int) -> None:
            response = await http.post("/v1/customers", json=customer_body())
            response.raise_for_status()
            ids[i] = response.json()["id"]

        start = time.perf_counter()
        accepting, sent_at = await drive(args.customers, args.concurrency, create)
        deadline = time.perf_counter() + 120
        while not all(ids[i] in settled for i in ids) and time.perf_counter() < deadline:  # noqa: ASYNC110
            await asyncio.sleep(0.05)  # outcomes land in `settled` from the watcher task
        watcher.cancel()
        done = [i for i in ids if ids[i] in settled]
        latencies = [(settled[ids[i]] - sent_at[i]) * 1000 for i in done]
        finished = max(settled[ids[i]] for i in done)
        return {
            "settled": len(done),
            "accepted": args.customers / accepting,
            "throughput": len(done) / (finished - start),
            "p50": statistics.median(latencies),
            "p99": percentile(latencies, 99),
        }


async def ceiling(args: argparse.Namespace) -> dict[str, float]:
    server_url = os.environ.get("STACK_DATABASE_URL") or EmbeddedPostgres(ROOT / ".data" / "postgres").url("postgres")
    await create_databases(server_url, ["bench_ceiling"])
    dsn = database_url(server_url, "bench_ceiling").replace("postgresql+asyncpg://", "postgresql://", 1)
    port = broker.free_port()
    process = await asyncio.create_subprocess_exec(
        *[
            sys.executable,
            "-m",
            "uvicorn",
            "--factory",
            "bench.onboarding.ceiling:create_app",
            "--port",
            str(port),
            "--host",
            "127.0.0.1",
            "--no-access-log",
            "--log-level",
            "warning",
        ],
        env=os.environ | {"CEILING_DSN": dsn},
        cwd=ROOT,
    )
    try:
        await asyncio.to_thread(broker.wait_for_port, port)
        limits = httpx.Limits(max_connections=args.concurrency)
        async with httpx.AsyncClient(base_url=f"http://127.0.0.1:{port}", limits=limits) as http:

            async def insert(i: int) -> None:
                (await http.post("/rows", json={"name": f"row {i}"})).raise_for_status()

            await drive(50, args.concurrency, insert)  # warm-up
            elapsed, _ = await drive(args.customers, args.concurrency, insert)
        return {"throughput": args.customers / elapsed}
    finally:
        process.terminate()
        await process.wait()


async def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--customers", type=int, default=500, help="N: customers to create")
    parser.add_argument("--concurrency", type=int, default=32, help="C: requests in flight")
    parser.add_argument("--customers-url", default=f"http://127.0.0.1:{os.environ.get('CUSTOMERS_PORT', '8001')}")
    parser.add_argument("--bootstrap", default=f"127.0.0.1:{os.environ.get('BROKER_PORT', '9092')}")
    args = parser.parse_args()

    result = await pipeline(args)
    top = await ceiling(args)
    print(f"onboarding bench: N={args.customers} C={args.concurrency}")
    print(f"  pipeline  {result['throughput']:8.1f} customers/s settled {int(result['settled'])}/{args.customers}")
    print(f"            {result['accepted']:8.1f} creates/s answered 202")
    print(f"            create→outcome p50 {result['p50']:.0f} ms, p99 {result['p99']:.0f} ms (target p99 < 500 ms)")
    print(f"  ceiling   {top['throughput']:8.1f} inserts/s (bare asyncpg insert endpoint, same PostgreSQL)")
    print(f"  ratio     {result['throughput'] / top['throughput']:.1%} of the ceiling (target ≥ 50 %)")


if __name__ == "__main__":
    asyncio.run(main())
