"""The interactive API documentation works offline: its scripts come from the service, not a CDN."""

from __future__ import annotations

import re
from collections.abc import Awaitable, Callable

import pytest

from devstack.in_process import InProcess, root_principal

pytestmark = pytest.mark.asyncio(loop_scope="session")

Open = Callable[[str], Awaitable[InProcess]]
PROBLEM = "application/problem+json"


@pytest.mark.parametrize("page", ["/docs", "/redoc"])
async def test_the_docs_page_loads_every_script_and_style_from_the_service(in_process: Open, page: str) -> None:
    api = await in_process("pstn_orders")
    async with api.client(root_principal()) as http:
        html = (await http.get(page)).text
        assets = re.findall(r'(?:src|href)="([^"]+\.(?:js|css))"', html)
        answers = [(await http.get(asset)).status_code for asset in assets]

    assert assets
    assert all(asset.startswith("/") for asset in assets)  # nothing from another host
    assert answers == [200] * len(assets)


async def test_protected_operations_declare_oauth2_client_credentials_with_the_token_url(in_process: Open) -> None:
    api = await in_process("pstn_orders")
    async with api.client(root_principal()) as http:
        openapi = (await http.get("/openapi.json")).json()

    scheme = openapi["components"]["securitySchemes"]["oauth2"]
    assert scheme["flows"]["clientCredentials"]["tokenUrl"] == api.runtime.settings.token_url
    operations = {op["operationId"]: op for path in openapi["paths"].values() for op in path.values()}
    assert operations["get_known_customer"]["security"] == [{"oauth2": []}]
    assert "security" not in operations["get_health"]  # health and readiness stay open to probes


async def test_errors_are_documented_as_problem_json_with_403_and_412_where_they_can_happen(in_process: Open) -> None:
    api = await in_process("customers")
    async with api.client(root_principal()) as http:
        openapi = (await http.get("/openapi.json")).json()

    operations = {op["operationId"]: op for path in openapi["paths"].values() for op in path.values()}
    for operation in operations.values():
        for status, response in operation["responses"].items():
            if status[0] == "4":
                # The token endpoint's 400 and 401 are OAuth2's own error form (RFC 6749 §5.2).
                oauth = operation["operationId"] == "create_token" and status in ("400", "401")
                expected = ["application/json"] if oauth else [PROBLEM]
                assert list(response.get("content", {PROBLEM: None})) == expected, operation["operationId"]
    assert "403" in operations["create_customer"]["responses"]  # a partner or the root only
    assert "412" in operations["update_billing_address"]["responses"]  # If-Match
    assert "403" not in operations["get_customer"]["responses"]  # any caller of the subtree
