"""Onboarding throughput and latency on a stack this bench starts (devstack.cluster), beside a bare-insert ceiling.

    python -m bench.onboarding [--customers 500] [--concurrency 32 128] [--replicas 1 2]
    python -m bench.onboarding --running [--concurrency 32]     # against `make run` instead

Creates customers over HTTP as the platform root (spread over the customers replicas), and times each one from
its POST to the first outcome event on the customers topic (provisioned, or held for review). `--replicas 2`
runs two processes each of customers and rpl_screening in one consumer group. The ceiling is a bare endpoint
inserting one row into the same PostgreSQL through asyncpg, started by this bench and driven the same way. At
the end of each run: the consumer lag, per group, of committed offsets behind the end offsets.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import httpx
import orjson
from aiokafka import AIOKafkaConsumer

from contracts import topics
from devstack import broker
from devstack.cluster import Cluster
from devstack.config import ROOT_CLIENT_ID, ensure_secret
from devstack.load import consumer_lag
from devstack.postgres import EmbeddedPostgres, create_databases, database_url
from devstack.testing import customer_body

ROOT = Path(__file__).resolve().parents[2]
SETTLED = {"customer.provisioned.v1", "customer.review_pending.v1", "customer.failed.v1"}


def percentile(values: list[float], p: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(p / 100 * (len(ordered) - 1))))]


async def root_token(http: httpx.AsyncClient, secret: str) -> str:
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


async def pipeline(total: int, concurrency: int, urls: list[str], bootstrap: str, secret: str) -> dict[str, float]:
    limits = httpx.Limits(max_connections=concurrency)
    async with httpx.AsyncClient(base_url=urls[0], limits=limits, timeout=60) as http:
        http.headers["authorization"] = f"Bearer {await root_token(http, secret)}"
        settled: dict[str, float] = {}
        listening = asyncio.Event()
        watcher = asyncio.create_task(watch_outcomes(bootstrap, settled, listening))
        await listening.wait()
        ids: dict[int, str] = {}

        async def create(i: int) -> None:
            response = await http.post(f"{urls[i % len(urls)]}/v1/customers", json=customer_body())
            response.raise_for_status()
            ids[i] = response.json()["id"]

        start = time.perf_counter()
        accepting, sent_at = await drive(total, concurrency, create)
        deadline = time.perf_counter() + 120
        while not all(ids[i] in settled for i in ids) and time.perf_counter() < deadline:  # noqa: ASYNC110
            await asyncio.sleep(0.05)  # outcomes land in `settled` from the watcher task
        watcher.cancel()
        done = [i for i in ids if ids[i] in settled]
        latencies = [(settled[ids[i]] - sent_at[i]) * 1000 for i in done]
        finished = max(settled[ids[i]] for i in done)
        return {
            "settled": len(done),
            "accepted": total / accepting,
            "throughput": len(done) / (finished - start),
            "p50": statistics.median(latencies),
            "p95": percentile(latencies, 95),
            "p99": percentile(latencies, 99),
        }


async def ceiling(total: int, concurrency: int, server_url: str) -> dict[str, float]:
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
        limits = httpx.Limits(max_connections=concurrency)
        async with httpx.AsyncClient(base_url=f"http://127.0.0.1:{port}", limits=limits) as http:

            async def insert(i: int) -> None:
                (await http.post("/rows", json={"name": f"row {i}"})).raise_for_status()

            await drive(50, concurrency, insert)  # warm-up
            elapsed, _ = await drive(total, concurrency, insert)
        return {"throughput": total / elapsed}
    finally:
        process.terminate()
        await process.wait()


async def measure(
    total: int, concurrency: int, replicas: int, urls: list[str], bootstrap: str, secret: str, server_url: str
) -> dict[str, float]:
    result = await pipeline(total, concurrency, urls, bootstrap, secret)
    top = await ceiling(total, concurrency, server_url)
    lag = await consumer_lag(bootstrap)
    return result | {
        "N": total,
        "C": concurrency,
        "replicas": replicas,
        "ceiling": top["throughput"],
        "ratio": result["throughput"] / top["throughput"],
        # Records not yet committed; Tansu's end offset can trail what it acknowledged (a negative difference).
        "lag": sum(max(0, v) for parts in lag.values() for v in parts.values()),
        **{f"lag {group}": sum(max(0, v) for v in parts.values()) for group, parts in lag.items()},
    }


def on_cluster(args: argparse.Namespace, replicas: int) -> list[dict[str, float]]:
    folder = Path(tempfile.mkdtemp(prefix="bench-onboarding-"))
    cluster = Cluster.start(folder, replicas={"customers": replicas, "rpl_screening": replicas})  # main thread
    try:
        urls = [r.url for r in cluster.services["customers"]]
        server_url = cluster.postgres.url("postgres")

        async def each() -> list[dict[str, float]]:
            rows = []
            for c in args.concurrency:
                secret = cluster.root_secret
                rows.append(
                    await measure(args.customers, c, replicas, urls, cluster.bootstrap_servers, secret, server_url)
                )
                print(f"  measured: {rows[-1]}", flush=True)
            return rows

        return asyncio.run(each())
    finally:
        cluster.close()
        shutil.rmtree(folder, ignore_errors=True)


def on_running(args: argparse.Namespace) -> list[dict[str, float]]:
    secret = ensure_secret(ROOT / ".data" / "root-client-secret")
    server_url = os.environ.get("STACK_DATABASE_URL") or EmbeddedPostgres(ROOT / ".data" / "postgres").url("postgres")

    async def each() -> list[dict[str, float]]:
        return [
            await measure(args.customers, c, 1, [args.customers_url], args.bootstrap, secret, server_url)
            for c in args.concurrency
        ]

    return asyncio.run(each())


def print_table(rows: list[dict[str, float]]) -> None:
    commit = subprocess.run(["git", "rev-parse", "--short", "HEAD"], capture_output=True, text=True, cwd=ROOT)
    dirty = subprocess.run(["git", "status", "--porcelain"], capture_output=True, text=True, cwd=ROOT).stdout
    print(
        f"\nonboarding bench at {commit.stdout.strip()}{' (+ uncommitted changes)' if dirty else ''}, "
        f"{time.strftime('%Y-%m-%d %H:%M')}; create→first outcome event; lag = records behind at the end"
    )
    header = (
        f"{'N':>5} {'C':>4} {'repl':>4} {'settled/s':>9} {'p50 ms':>7} {'p95 ms':>7} {'p99 ms':>7} "
        f"{'ceiling/s':>9} {'ratio':>6} {'settled':>7} {'lag':>5}"
    )
    print(header)
    print("-" * len(header))
    for r in rows:
        print(
            f"{r['N']:>5} {r['C']:>4} {r['replicas']:>4} {r['throughput']:>9.1f} {r['p50']:>7.0f} {r['p95']:>7.0f} "
            f"{r['p99']:>7.0f} {r['ceiling']:>9.1f} {r['ratio']:>6.1%} {int(r['settled']):>7} {int(r['lag']):>5}"
        )
    print(
        "targets: p99 < 500 ms, ratio ≥ 50 %; lag per group:",
        [{k.removeprefix("lag "): int(v) for k, v in r.items() if k.startswith("lag ")} for r in rows],
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--customers", type=int, default=500, help="N: customers to create")
    parser.add_argument("--concurrency", type=int, nargs="+", default=[32, 128], help="C: requests in flight")
    parser.add_argument(
        "--replicas",
        type=int,
        nargs="+",
        choices=[1, 2],
        default=[1],
        help="customers and rpl_screening processes each, on a stack this bench starts",
    )
    parser.add_argument("--running", action="store_true", help="measure `make run`'s stack instead")
    parser.add_argument("--customers-url", default=f"http://127.0.0.1:{os.environ.get('CUSTOMERS_PORT', '8001')}")
    parser.add_argument("--bootstrap", default=f"127.0.0.1:{os.environ.get('BROKER_PORT', '9092')}")
    args = parser.parse_args()

    rows = on_running(args) if args.running else [row for r in args.replicas for row in on_cluster(args, r)]
    print_table(rows)


if __name__ == "__main__":
    main()
