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


def _shows_example(schema: dict, schemas: dict, depth: int = 0) -> bool:
    """An example on the schema, on the model it refers to, or on the items of a list or page."""
    if depth > 4:
        return False
    if "examples" in schema or "example" in schema:
        return True
    if "$ref" in schema:
        return _shows_example(schemas[schema["$ref"].rsplit("/", 1)[-1]], schemas, depth + 1)
    if "items" in schema:
        return _shows_example(schema["items"], schemas, depth + 1)
    if "items" in schema.get("properties", {}):  # a page of items
        return _shows_example(schema["properties"]["items"], schemas, depth + 1)
    return False


@pytest.mark.parametrize("name", SERVICES)
async def test_every_customers_operation_shows_an_example_of_what_it_takes_and_answers(
    services: Services, name: str
) -> None:
    # Issue 3: a provider reads a realistic body for each request and answer of every service's API.
    async with httpx.AsyncClient(base_url=getattr(services, name).url) as http:
        openapi = (await http.get("/openapi.json")).json()
    schemas = openapi["components"]["schemas"]
    missing = []
    for path, operations in openapi["paths"].items():
        if not path.startswith("/v1/"):
            continue
        for method, op in operations.items():
            bodies = [op["requestBody"]["content"]] if "requestBody" in op else []
            bodies += [r["content"] for code, r in op["responses"].items() if code.startswith("2") and "content" in r]
            for content in bodies:
                media = content.get("application/json")
                if media and not _shows_example(media.get("schema", {}), schemas):
                    missing.append(f"{method.upper()} {path}")
    assert missing == []
