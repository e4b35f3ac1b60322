"""Numbers to port pasted and checked over HTTP, on a stack this bench starts.

    python -m bench.porting [--lines 10000] [--batch 100]

Starts a devstack Cluster (the four services as processes, pstn_orders with the sandbox carrier), provisions a
paid calling customer, and sends `--lines` mixed lines (valid numbers written several ways, invalid lines,
duplicates, toll-free numbers) as pastes of `--batch` lines each, first as newline text
(POST /v1/customers/{id}/port-carts, text/plain) and then as .xlsx uploads (multipart) — each line parsed,
classified and checked for portability by the sandbox carrier. Prints p50/p99 per paste, then the whole list as one
text paste and as one .xlsx sheet. Target: paste p99 < 200 ms.
"""

from __future__ import annotations

import argparse
import asyncio
import shutil
import subprocess
import tempfile
import time
import uuid
from pathlib import Path
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

ROOT = Path(__file__).resolve().parents[2]
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


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
    finally:
        await carrier.close()


async def run(cluster: Cluster, lines: list[str], batch: int) -> None:
    await carrier_time(cluster, lines, batch)
    stack = endpoints(cluster)
    root = await testing.root(stack)
    partner = await testing.partner(stack, root)
    customer = await testing.calling_customer(stack, partner, root)
    admin, path = customer.admin, f"/v1/customers/{customer.customer_id}/port-carts"
    try:
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
        whole, cart = await timed_post(admin, path, content=as_text(lines), media_type="text/plain")
        print(f"  one text paste of {len(lines):,} lines        {whole:8.1f} ms   {cart['by_class']}", flush=True)
        sheet = as_xlsx(lines)
        whole, cart = await timed_post(admin, path, files={"file": ("numbers.xlsx", sheet, XLSX)})
        print(f"  one .xlsx of {len(lines):,} rows ({len(sheet) // 1024} KiB)   {whole:8.1f} ms", flush=True)
    finally:
        for caller in (admin, partner, root):
            await caller.aclose()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--lines", type=int, default=10_000, help="mixed lines to paste in all")
    parser.add_argument("--batch", type=int, default=100, help="lines per paste")
    args = parser.parse_args()
    commit = subprocess.run(["git", "rev-parse", "--short", "HEAD"], capture_output=True, text=True, cwd=ROOT)
    print(f"porting bench at {commit.stdout.strip()}, {time.strftime('%Y-%m-%d %H:%M')}, {args.lines:,} lines")
    lines = mixed_lines(args.lines)
    folder = Path(tempfile.mkdtemp(prefix="bench-porting-"))
    cluster = Cluster.start(folder, env={"PSTN_ORDERS_SANDBOX_INVENTORY_SIZE": "1000", "RATE_LIMIT_PER_SECOND": "0"})
    try:
        asyncio.run(run(cluster, lines, args.batch))
        print("target: paste p99 < 200 ms")
    finally:
        cluster.close()
        shutil.rmtree(folder, ignore_errors=True)


if __name__ == "__main__":
    main()
