"""Where a 100-number order's time goes: the four services in one process on a fresh embedded stack, a calling-plan
customer, and its orders placed one after another under pyinstrument, with pstn_orders' SQL statements per order.

    python -m bench.numbers.profile [--orders 30] [--inventory 200000] [--flat] [--html profile.html]
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import os
import tempfile
import time
import uuid
from collections import Counter
from pathlib import Path
from types import SimpleNamespace
from typing import Any

from pyinstrument import Profiler
from sqlalchemy import event

from bench.numbers.http import ready_location
from devstack import testing
from devstack.config import ROOT_CLIENT_ID, default_rpl_data_dir
from devstack.services import build_apps, serve
from devstack.stack import Stack
from servicekit import ManualClock

ROOT = Path(__file__).resolve().parents[2]
SECRET = "bench-root-secret"


async def run(args: argparse.Namespace, stack: Stack, folder: Path) -> None:
    apps = build_apps(stack, folder / "keys", ManualClock(), default_rpl_data_dir(ROOT), SECRET)
    statements: Counter[str] = Counter()

    def count(_conn: Any, _cursor: Any, sql: str, *_: Any) -> None:
        statements[" ".join(sql.split())[:100]] += 1

    async with contextlib.AsyncExitStack() as running:
        urls = {}
        for name, app in apps.items():
            await running.enter_async_context(app.router.lifespan_context(app))
            urls[name] = (await running.enter_async_context(serve(name, app))).url
        event.listen(apps["pstn_orders"].state.runtime.engine.sync_engine, "before_cursor_execute", count)
        services = SimpleNamespace(
            **{name: SimpleNamespace(url=url) for name, url in urls.items()},
            root_client_id=ROOT_CLIENT_ID,
            root_client_secret=SECRET,
        )
        root = await testing.root(services)
        partner = await testing.partner(services, root)
        customer = await testing.calling_customer(services, partner, root)
        admin = customer.admin
        await ready_location(admin, customer.customer_id, customer.location_id)
        search = f"/v1/customers/{customer.customer_id}/available-numbers"
        orders = f"/v1/customers/{customer.customer_id}/number-orders"
        confirmed: list[str] = []
        profiler = Profiler(interval=0.001, async_mode="disabled")  # every task of the process, not one
        placed, elapsed = 0, 0.0
        for i in range(args.orders + 1):  # the first one (the contract email) is not profiled
            found = await admin.pstn.get(search, params={"country": "US", "state": "NY", "quantity": 100})
            body = {
                "location_id": str(customer.location_id),
                "numbers": [n["number"] for n in found.json()["numbers"]],
                "confirm_alerts": confirmed,
            }
            if i == 1:
                statements.clear()
                profiler.start()
            started = time.perf_counter()
            answer = await admin.pstn.post(orders, json=body, headers={"Idempotency-Key": str(uuid.uuid4())})
            if answer.status_code == 409 and answer.json().get("alerts"):
                confirmed = [alert["code"] for alert in answer.json()["alerts"]]
                answer = await admin.pstn.post(orders, json=body | {"confirm_alerts": confirmed})
            answer.raise_for_status()
            if i >= 1:
                placed += 1
                elapsed += time.perf_counter() - started
        profiler.stop()
        for caller in (admin, partner, root):
            await caller.aclose()
    print(f"{placed} orders of 100 numbers in {elapsed:.2f} s: {elapsed / placed * 1000:.1f} ms each")
    print(f"pstn_orders SQL statements per order: {sum(statements.values()) / placed:.1f}")
    for sql, n in statements.most_common(args.top_statements):
        print(f"  {n / placed:6.1f}  {sql}")
    print(profiler.output_text(unicode=True, color=False, show_all=False, timeline=False, flat=args.flat))
    if args.html:
        await asyncio.to_thread(Path(args.html).write_text, profiler.output_html())


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--orders", type=int, default=30)
    parser.add_argument("--inventory", type=int, default=200_000, help="the sandbox carrier's numbers")
    parser.add_argument("--top-statements", type=int, default=25)
    parser.add_argument("--flat", action="store_true", help="the functions that took the most time themselves")
    parser.add_argument("--html", help="also write pyinstrument's HTML report here")
    args = parser.parse_args()
    os.environ["RATE_LIMIT_PER_SECOND"] = "0"
    os.environ["PSTN_ORDERS_SANDBOX_INVENTORY_SIZE"] = str(args.inventory)
    with tempfile.TemporaryDirectory(prefix="bench-numbers-profile-") as scratch:
        stack = Stack.start(Path(scratch))
        try:
            asyncio.run(run(args, stack, Path(scratch)))
        finally:
            stack.stop()


if __name__ == "__main__":
    main()
