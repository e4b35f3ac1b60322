"""Onboarding through crashes: real processes killed (-9), frozen (SIGSTOP) and started again mid-load.

One Cluster (devstack.cluster: its own PostgreSQL, object store, durable broker and four uvicorn services) for the
module. Each scenario creates customers over HTTP while the fault strikes, lets the stack recover, then checks
what a provider would notice: every accepted customer exists (none lost), reaches a final state (none stuck), and
was screened and provisioned once (no double effect).
"""

from __future__ import annotations

from collections.abc import AsyncIterator, Iterator

import pytest
import pytest_asyncio

from devstack.cluster import SHORT_SCREENING_DEADLINE, Cluster
from devstack.load import SCENARIOS, run_scenario

pytestmark = [pytest.mark.asyncio(loop_scope="session"), pytest.mark.faults]

CUSTOMERS = 30


@pytest.fixture(scope="module")
def cluster(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Cluster]:
    # Started from the main thread: every child dies with it (PR_SET_PDEATHSIG).
    running = Cluster.start(tmp_path_factory.mktemp("cluster"), env=SHORT_SCREENING_DEADLINE)
    try:
        yield running
    finally:
        running.close()


@pytest_asyncio.fixture(loop_scope="session")
async def healthy(cluster: Cluster) -> AsyncIterator[Cluster]:
    """Each scenario starts on a whole stack, whatever the one before left."""
    cluster.start_all()
    await cluster.ready()
    yield cluster


@pytest.mark.parametrize("scenario", list(SCENARIOS))
async def test_onboarding_survives(healthy: Cluster, scenario: str) -> None:
    # R-CUST-10: every accepted customer reaches a final state; R-RPL-01: each screened (once) on the way.
    report = await run_scenario(healthy, scenario, CUSTOMERS)
    report.append_to(healthy.folder / "reports.txt")
    assert report.unanswered == 0, report.describe()
    assert report.lost == [], report.describe()
    assert report.stuck == {}, report.describe()
    assert report.duplicates == [], report.describe()
