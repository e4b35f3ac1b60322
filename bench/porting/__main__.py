"""Porting over HTTP, on a stack this bench starts.

    python -m bench.porting [--part all|paste|order] [--lines 10000] [--batch 100] [--runs 20] [--order-runs 20]

Starts a devstack Cluster (the four services as processes, pstn_orders with the sandbox carrier) and runs the
parts, each with customers of its own:

- paste (bench/porting/paste.py): the sandbox carrier's portability check in-process, then mixed lines pasted into
  port carts as text and as .xlsx: `--lines` of them as pastes of `--batch` lines, and `--runs` whole pastes of
  `--lines` lines each (p50/p99 per paste). Target: a paste of 10,000 lines p99 < 200 ms.
- order (bench/porting/order.py): a 1,000-number port order checked against its CSR and submitted.
  Target: check + submit < 1 s.
"""

from __future__ import annotations

import argparse
import asyncio
import shutil
import subprocess
import tempfile
import time
from pathlib import Path

from bench.porting import order, paste
from devstack.cluster import Cluster

ROOT = Path(__file__).resolve().parents[2]
PARTS = {"paste": paste, "order": order}


async def run(cluster: Cluster, args: argparse.Namespace) -> None:
    for name, part in PARTS.items():
        if args.part in ("all", name):
            print(f"{name}:", flush=True)
            await part.run(cluster, args)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--part", choices=("all", *PARTS), default="all", help="which part to run")
    for part in PARTS.values():
        part.add_arguments(parser)
    args = parser.parse_args()
    commit = subprocess.run(["git", "rev-parse", "--short", "HEAD"], capture_output=True, text=True, cwd=ROOT)
    print(f"porting bench at {commit.stdout.strip()}, {time.strftime('%Y-%m-%d %H:%M')}")
    folder = Path(tempfile.mkdtemp(prefix="bench-porting-"))
    cluster = Cluster.start(folder, env={"PSTN_ORDERS_SANDBOX_INVENTORY_SIZE": "1000", "RATE_LIMIT_PER_SECOND": "0"})
    try:
        asyncio.run(run(cluster, args))
    finally:
        cluster.close()
        shutil.rmtree(folder, ignore_errors=True)


if __name__ == "__main__":
    main()
