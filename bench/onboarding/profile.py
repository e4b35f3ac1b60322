"""Where an onboarding's time goes: the four services in one process on a fresh embedded stack, profiled while
customers are created, with the SQL statements each service ran per customer.

    python -m bench.onboarding.profile [--customers 300] [--concurrency 32] [--html profile.html]

Prints pyinstrument's call tree (async-aware: time awaiting I/O is attributed to the awaiting code) and, per
service, statements per customer. One process and one event loop for everything, so CPU time of one service
competes with the others as replicas on a 2-core machine would.
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import os
import tempfile
import time
from collections import Counter
from pathlib import Path
from typing import Any

import httpx
import orjson
from aiokafka import AIOKafkaConsumer
from pyinstrument import Profiler
from sqlalchemy import event

from contracts import topics
from devstack.config import ROOT_CLIENT_ID, default_rpl_data_dir
from devstack.services import build_apps, serve
from devstack.stack import Stack
from devstack.testing import customer_body, token
from servicekit import ManualClock

ROOT = Path(__file__).resolve().parents[2]
SETTLED = {"customer.provisioned.v1", "customer.review_pending.v1", "customer.failed.v1"}


async def run(args: argparse.Namespace, stack: Stack, folder: Path) -> None:
    apps = build_apps(stack, folder / "keys", ManualClock(), default_rpl_data_dir(ROOT), "bench-root-secret")
    statements: Counter[str] = Counter()
    shapes: Counter[tuple[str, str]] = Counter()
    async with contextlib.AsyncExitStack() as running:
        served = {}
        for name, app in apps.items():
            await running.enter_async_context(app.router.lifespan_context(app))
            served[name] = await running.enter_async_context(serve(name, app))
            engine = app.state.runtime.engine.sync_engine

            def count(_conn: Any, _cursor: Any, sql: str, *_: Any, service: str = name) -> None:
                statements[service] += 1
                shapes[(service, " ".join(sql.split())[:90])] += 1

            event.listen(engine, "before_cursor_execute", count)
        base = served["customers"].url
        bearer = await token(base, ROOT_CLIENT_ID, "bench-root-secret")
        settled: dict[str, float] = {}
        consumer = AIOKafkaConsumer(topics.CUSTOMERS, bootstrap_servers=stack.bootstrap_servers)
        await consumer.start()
        await consumer.seek_to_end()

        async def watch() -> None:
            async for record in consumer:
                envelope = orjson.loads(record.value)
                if envelope["type"] in SETTLED:
                    settled.setdefault(envelope["subject"], time.perf_counter())

        watcher = asyncio.create_task(watch())
        limits = httpx.Limits(max_connections=args.concurrency)
        async with httpx.AsyncClient(base_url=base, limits=limits, timeout=60) as http:
            http.headers["authorization"] = f"Bearer {bearer}"
            for _ in range(20):  # warm-up, not profiled
                (await http.post("/v1/customers", json=customer_body())).raise_for_status()
            await asyncio.sleep(2)
            statements.clear()
            shapes.clear()
            ids: list[str] = []
            queue = iter(range(args.customers))

            async def create() -> None:
                for _ in queue:
                    response = await http.post("/v1/customers", json=customer_body())
                    response.raise_for_status()
                    ids.append(response.json()["id"])

            profiler = Profiler(async_mode=args.async_mode, interval=0.001)
            profiler.start()
            start = time.perf_counter()
            await asyncio.gather(*(create() for _ in range(args.concurrency)))
            while not all(i in settled for i in ids) and time.perf_counter() - start < 120:  # noqa: ASYNC110
                await asyncio.sleep(0.05)
            elapsed = time.perf_counter() - start
            profiler.stop()
        watcher.cancel()
        await consumer.stop()
        done = sum(1 for i in ids if i in settled)
        print(f"{done}/{len(ids)} settled in {elapsed:.1f} s ({done / elapsed:.0f}/s)")
        print("SQL statements per customer:", {s: round(n / max(done, 1), 1) for s, n in statements.items()})
        for (service, sql), n in sorted(shapes.items(), key=lambda item: -item[1])[: args.top_statements]:
            print(f"  {service:14} {n / max(done, 1):5.1f}  {sql}")
        print(profiler.output_text(unicode=True, color=False, show_all=False, timeline=False, flat=args.flat))
        if args.html:
            await asyncio.to_thread(Path(args.html).write_text, profiler.output_html())


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--customers", type=int, default=300)
    parser.add_argument("--concurrency", type=int, default=32)
    parser.add_argument(
        "--async-mode", default="disabled", choices=["disabled", "enabled"], help="pyinstrument: CPU or awaits"
    )
    parser.add_argument("--top-statements", type=int, default=40, help="the statement shapes run most often")
    parser.add_argument("--flat", action="store_true", help="the functions that took the most time themselves")
    parser.add_argument("--html", help="also write pyinstrument's HTML report here")
    args = parser.parse_args()
    os.environ["RATE_LIMIT_PER_SECOND"] = "0"  # one client drives the load: measure the pipeline, not the limit
    with tempfile.TemporaryDirectory(prefix="bench-profile-") as scratch:
        stack = Stack.start(Path(scratch))
        try:
            asyncio.run(run(args, stack, Path(scratch)))
        finally:
            stack.stop()


if __name__ == "__main__":
    main()
