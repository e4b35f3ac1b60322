"""Numbers to port pasted into port carts over HTTP and classified, on a stack started by bench.porting.

Mixed lines (valid numbers written several ways, invalid lines, duplicates, toll-free numbers) are pasted
(POST /v1/customers/{id}/port-carts) as newline text and as .xlsx uploads: first `--lines` lines as pastes of
`--batch` lines each, then `--runs` whole pastes of `--lines` lines each, every run a list of its own (another
seed), so no run repeats the numbers of another. Each line is parsed, classified and checked for portability by
the sandbox carrier. Target: a paste of 10,000 lines p99 < 200 ms.
"""

from __future__ import annotations

import argparse
import time
import uuid
from typing import Any

from bench.numbers.cases import percentile
from bench.numbers.http import endpoints
from bench.porting.lines import as_text, as_xlsx, mixed_lines
from devstack import testing
from devstack.cluster import Cluster
from devstack.postgres import SANDBOX_CARRIER, database_url
from pstn_orders.carrier import CarrierOrderStatus
from pstn_orders.port_cart.classify import LineClass, classify
from pstn_orders.sandbox_carrier import SandboxCarrier

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
TARGET_MS = 200


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--lines", type=int, default=10_000, help="mixed lines of one whole paste")
    parser.add_argument("--batch", type=int, default=100, help="lines per small paste")
    parser.add_argument("--runs", type=int, default=20, help="whole pastes of --lines lines, as text and as .xlsx")


def row(name: str, times: list[float], note: str = "") -> str:
    return (
        f"  {name:34} p50 {percentile(times, 50):7.1f} ms   p99 {percentile(times, 99):7.1f} ms   n={len(times)} {note}"
    )


async def timed_post(
    admin: testing.Caller, path: str, *, media_type: str | None = None, **request: Any
) -> tuple[float, dict[str, Any]]:
    headers = {"Idempotency-Key": str(uuid.uuid4())} | ({"content-type": media_type} if media_type else {})
    started = time.perf_counter()
    answer = await admin.pstn.post(path, headers=headers, **request)
    elapsed = (time.perf_counter() - started) * 1000
    if answer.status_code != 201:
        raise SystemExit(f"paste answered {answer.status_code}: {answer.text[:400]}")
    body: dict[str, Any] = answer.json()
    return elapsed, body


async def ignore(_: CarrierOrderStatus) -> None:
    return None


async def carrier_time(cluster: Cluster, lines: list[str], batch: int) -> None:
    """The sandbox carrier's own portability check time, in-process, for the valid numbers of each paste."""
    seen: set[str] = set()
    valid = [c.number for c in (classify(line, seen) for line in lines) if c.line_class is LineClass.valid]
    url = database_url(cluster.postgres.url("postgres"), SANDBOX_CARRIER)
    carrier = SandboxCarrier(url, inventory_size=0, deliver=False)
    await carrier.start(ignore)
    try:
        times: list[float] = []
        for i in range(0, len(valid), batch):
            started = time.perf_counter()
            await carrier.check_portability([n for n in valid[i : i + batch] if n])
            times.append((time.perf_counter() - started) * 1000)
        print(row(f"check_portability of ~{batch} (carrier)", times), flush=True)
        started = time.perf_counter()
        await carrier.check_portability([n for n in valid if n])
        print(f"  check_portability of {len(valid):,} (carrier) {(time.perf_counter() - started) * 1000:8.1f} ms")
    finally:
        await carrier.close()


async def small_pastes(admin: testing.Caller, path: str, lines: list[str], batch: int) -> None:
    chunks = [lines[i : i + batch] for i in range(0, len(lines), batch)]
    text_times: list[float] = []
    classes: dict[str, int] = {}
    for chunk in chunks:
        elapsed, cart = await timed_post(admin, path, content=as_text(chunk), media_type="text/plain")
        text_times.append(elapsed)
        for name, count in cart["by_class"].items():
            classes[name] = classes.get(name, 0) + count
    print(f"classified: {classes}", flush=True)
    print(row(f"text paste of {batch} lines", text_times), flush=True)
    sheets = [as_xlsx(chunk) for chunk in chunks]
    xlsx_times: list[float] = []
    for sheet in sheets:
        elapsed, _ = await timed_post(admin, path, files={"file": ("numbers.xlsx", sheet, XLSX)})
        xlsx_times.append(elapsed)
    print(row(f".xlsx upload of {batch} rows", xlsx_times, f"(~{len(sheets[0]) // 1024} KiB each)"), flush=True)


async def whole_pastes(admin: testing.Caller, path: str, count: int, runs: int) -> None:
    text_times: list[float] = []
    xlsx_times: list[float] = []
    size = 0
    for run in range(runs):
        lines = mixed_lines(count, seed=1000 + run)
        sheet = as_xlsx(lines)
        size = len(sheet)
        elapsed, cart = await timed_post(admin, path, content=as_text(lines), media_type="text/plain")
        text_times.append(elapsed)
        if run == 0:
            print(f"  one paste of {count:,}: {cart['by_class']}", flush=True)
        elapsed, _ = await timed_post(admin, path, files={"file": ("numbers.xlsx", sheet, XLSX)})
        xlsx_times.append(elapsed)
    print(row(f"text paste of {count:,} lines", text_times), flush=True)
    print(row(f".xlsx upload of {count:,} rows", xlsx_times, f"({size // 1024} KiB each)"), flush=True)


async def run(cluster: Cluster, args: argparse.Namespace) -> None:
    lines = mixed_lines(args.lines)
    await carrier_time(cluster, lines, args.batch)
    stack = endpoints(cluster)
    root = await testing.root(stack)
    partner = await testing.partner(stack, root)
    customer = await testing.calling_customer(stack, partner, root)
    admin, path = customer.admin, f"/v1/customers/{customer.customer_id}/port-carts"
    try:
        await small_pastes(admin, path, lines, args.batch)
        await whole_pastes(admin, path, args.lines, args.runs)
        print(f"target: a paste of 10,000 lines p99 < {TARGET_MS} ms", flush=True)
    finally:
        for caller in (admin, partner, root):
            await caller.aclose()
