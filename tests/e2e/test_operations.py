"""What operators and integrators read from every service: health, readiness, metrics, API documents."""

from __future__ import annotations

import httpx
import pytest

from devstack.services import Services

pytestmark = pytest.mark.asyncio(loop_scope="session")

SERVICES = ("customers", "rpl_screening", "pstn_orders", "cc_setup")


@pytest.mark.parametrize("name", SERVICES)
async def test_a_service_reports_health_readiness_and_metrics(services: Services, name: str) -> None:
    async with httpx.AsyncClient(base_url=getattr(services, name).url) as http:
        assert (await http.get("/healthz")).json() == {"status": "ok"}
        ready = (await http.get("/readyz")).json()
        assert ready == {"status": "ready", "checks": {"database": "ok", "broker": "ok"}}
        metrics = (await http.get("/metrics")).text
        counts = [line for line in metrics.splitlines() if line.startswith("http_request_duration_seconds_count")]
        assert any('route="/healthz"' in line and f'service="{name}"' in line for line in counts)


@pytest.mark.parametrize("name", SERVICES)
async def test_every_operation_is_documented_for_generated_clients(services: Services, name: str) -> None:
    async with httpx.AsyncClient(base_url=getattr(services, name).url) as http:
        openapi = (await http.get("/openapi.json")).json()
        events = (await http.get("/asyncapi.json")).json()

    operations = [op for path in openapi["paths"].values() for op in path.values()]
    assert operations
    assert all(op.get("operationId") and op.get("summary") for op in operations)
    assert len({op["operationId"] for op in operations}) == len(operations)
    assert events["asyncapi"] == "3.0.0"
    assert events["channels"]  # every service sends or receives at least one topic
