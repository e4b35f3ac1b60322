"""The fault scenarios of tests/faults at a few hundred customers, on a Cluster this bench starts itself.

    python -m bench.faults [--customers 300] [--concurrency 8] [--scenario NAME ...]

Each scenario creates the customers over HTTP, strikes its fault after a third are accepted (kill -9, SIGSTOP,
PostgreSQL or everything killed), waits until everything is ready again, and settles: a table of what was
accepted, lost, stuck, done twice, the client errors the load saw during the fault, and the seconds from
recovery until every customer was final.
"""

from __future__ import annotations

import argparse
import asyncio
import shutil
import subprocess
import tempfile
from pathlib import Path

from devstack.cluster import SHORT_SCREENING_DEADLINE, Cluster
from devstack.load import SCENARIOS, Report, run_scenario


async def run(cluster: Cluster, args: argparse.Namespace) -> list[Report]:
    reports = []
    for name in args.scenario or SCENARIOS:
        cluster.start_all()  # whatever the scenario before left
        await cluster.ready()
        report = await run_scenario(
            cluster, name, args.customers, concurrency=args.concurrency, settle_within=args.settle_within
        )
        print(f"  {report.describe()}", flush=True)
        reports.append(report)
    return reports


def table(reports: list[Report]) -> str:
    header = (
        f"{'scenario':<32} {'accepted':>8} {'lost':>5} {'stuck':>5} {'dupl.':>5} {'client errors':<24} {'settle s':>8}"
    )
    lines = [header, "-" * len(header)]
    for r in reports:
        errors = ", ".join(f"{k} {v}" for k, v in sorted(r.client_errors.items())) or "0"
        settle = "-" if r.settle_seconds is None else f"{r.settle_seconds:.1f}"
        lines.append(
            f"{r.scenario:<32} {r.accepted:>8} {len(r.lost):>5} {len(r.stuck):>5} {len(r.duplicates):>5} "
            f"{errors:<24} {settle:>8}"
        )
    return "\n".join(lines)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--customers", type=int, default=300, help="customers created per scenario")
    parser.add_argument("--concurrency", type=int, default=8, help="creates in flight")
    parser.add_argument("--settle-within", type=float, default=180.0, help="seconds a scenario may take to settle")
    parser.add_argument("--scenario", action="append", choices=list(SCENARIOS), help="run only these (repeatable)")
    args = parser.parse_args()

    folder = Path(tempfile.mkdtemp(prefix="bench-faults-"))
    print(f"bench.faults: {args.customers} customers per scenario, C={args.concurrency}; stack in {folder}")
    cluster = Cluster.start(folder, env=SHORT_SCREENING_DEADLINE)  # from the main thread: children die with it
    try:
        reports = asyncio.run(run(cluster, args))
    finally:
        cluster.close()
    commit = subprocess.run(["git", "rev-parse", "--short", "HEAD"], capture_output=True, text=True).stdout.strip()
    print(f"\nfault bench at {commit or '?'}: N={args.customers} per scenario, C={args.concurrency}\n")
    print(table(reports))
    if all(r.ok for r in reports):
        shutil.rmtree(folder, ignore_errors=True)
    else:
        print(f"\nlogs kept in {folder}/logs")


if __name__ == "__main__":
    main()
