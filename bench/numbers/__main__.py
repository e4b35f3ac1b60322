"""Number search and ordering against a ten-million-number sandbox inventory, on a stack this bench starts.

    python -m bench.numbers [--size 10000000] [--runs 200] [--orders 50] [--skip-http]

Starts a devstack Cluster (the four services as processes, pstn_orders with the sandbox carrier), builds the
sandbox's inventory of `--size` numbers in its own database and prints the build time and the database size;
then times searches in-process (the carrier's own query time) and over HTTP
(GET /v1/customers/{id}/available-numbers) for a provisioned calling-plan customer: by NPA, NPA+NXX, patterns,
10 and 100 consecutive, a block of 100; and placing 100-number orders (POST /v1/customers/{id}/number-orders).
Targets: search p99 < 20 ms, order placed p99 < 100 ms.
"""

from __future__ import annotations

import argparse
import asyncio
import random
import shutil
import subprocess
import tempfile
import time
from pathlib import Path

from bench.numbers.cases import cases, percentile, stocked
from bench.numbers.http import http_phase
from devstack.cluster import Cluster
from devstack.postgres import SANDBOX_CARRIER, database_url
from pstn_orders.carrier import CarrierOrderStatus
from pstn_orders.sandbox_carrier import SandboxCarrier

ROOT = Path(__file__).resolve().parents[2]


async def ignore(_: CarrierOrderStatus) -> None:
    return None


def row(name: str, times: list[float], note: str = "") -> str:
    return (
        f"  {name:30} p50 {percentile(times, 50):7.1f} ms   p99 {percentile(times, 99):7.1f} ms   n={len(times)} {note}"
    )


async def build_and_time(carrier_url: str, size: int, runs: int) -> SandboxCarrier:
    carrier = SandboxCarrier(carrier_url, inventory_size=0, deliver=False)
    await carrier.start(ignore)
    built = await carrier.rebuild_inventory(size)
    print(f"inventory: {built.size:,} numbers built in {built.seconds:.1f} s; "
          f"database {built.database_bytes / 2**30:.2f} GiB", flush=True)  # fmt: skip
    inventory = await stocked(carrier)
    draw = random.Random(12)
    print("search in-process (SandboxCarrier.search, the carrier's own time):", flush=True)
    for name, case in cases(inventory).items():
        times, exact = [], 0
        for _ in range(runs):
            query = case(draw)
            started = time.perf_counter()
            result = await carrier.search(query)
            times.append((time.perf_counter() - started) * 1000)
            exact += result.exact
        print(row(name, times, f"exact {exact}/{runs}"), flush=True)
    return carrier


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--size", type=int, default=10_000_000, help="numbers in the inventory")
    parser.add_argument("--runs", type=int, default=200, help="searches per case")
    parser.add_argument("--orders", type=int, default=50, help="100-number orders to place")
    parser.add_argument("--skip-http", action="store_true", help="build and time in-process only")
    args = parser.parse_args()

    commit = subprocess.run(["git", "rev-parse", "--short", "HEAD"], capture_output=True, text=True, cwd=ROOT)
    print(f"numbers bench at {commit.stdout.strip()}, {time.strftime('%Y-%m-%d %H:%M')}, size {args.size:,}")
    folder = Path(tempfile.mkdtemp(prefix="bench-numbers-"))
    # The service starts with an empty inventory; the bench builds (and times) the real one.
    env = {"PSTN_ORDERS_SANDBOX_INVENTORY_SIZE": "0", "RATE_LIMIT_PER_SECOND": "0"}
    cluster = Cluster.start(folder, env=env)
    try:
        carrier_url = database_url(cluster.postgres.url("postgres"), SANDBOX_CARRIER)

        async def run() -> None:
            carrier = await build_and_time(carrier_url, args.size, args.runs)
            try:
                if not args.skip_http:
                    await http_phase(cluster, carrier, runs=args.runs, orders=args.orders, row=row)
            finally:
                await carrier.close()

        asyncio.run(run())
        print("targets: search p99 < 20 ms, order placed p99 < 100 ms")
    finally:
        cluster.close()
        shutil.rmtree(folder, ignore_errors=True)


if __name__ == "__main__":
    main()
