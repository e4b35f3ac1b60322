"""Bad input is answered as RFC 9457 problems naming the field, whatever the body's media type."""

from __future__ import annotations

from collections.abc import Awaitable, Callable

import pytest

from devstack.in_process import InProcess, root_principal

pytestmark = pytest.mark.asyncio(loop_scope="session")

Open = Callable[[str], Awaitable[InProcess]]
PROBLEM = "application/problem+json"


async def test_a_form_missing_a_field_is_a_422_naming_it(in_process: Open) -> None:
    # (The token endpoint answers in OAuth2's own error form: tests/customers/test_api_clients.py.)
    api = await in_process("rpl_screening")
    async with api.client(root_principal()) as http:
        response = await http.post("/v1/list-versions", data={"format": "ofac_sdn_csv"}, files={})

    assert response.status_code == 422
    assert response.headers["content-type"] == PROBLEM
    assert [p["name"] for p in response.json()["invalid_params"]] == ["file"]


async def test_a_json_operation_sent_a_form_is_still_a_415(in_process: Open) -> None:
    api = await in_process("customers")
    async with api.client(root_principal()) as http:
        response = await http.post("/v1/customers", data={"name": "Form Co"})

    assert response.status_code == 415
    assert response.headers["content-type"] == PROBLEM
