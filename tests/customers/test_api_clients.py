"""API clients: listed, rotated with a grace period, revoked; the token endpoint answers OAuth2's error form."""

from __future__ import annotations

import base64
from collections.abc import Awaitable, Callable
from datetime import timedelta

import httpx
import pytest

from contracts.enums import Role
from devstack.in_process import ROOT_CUSTOMER_ID, InProcess, principal_below, root_principal

pytestmark = pytest.mark.asyncio(loop_scope="session")

Open = Callable[[str], Awaitable[InProcess]]
ROOT = root_principal()


def _anonymous(api: InProcess) -> httpx.AsyncClient:
    return httpx.AsyncClient(transport=httpx.ASGITransport(app=api.app), base_url="http://in-process")


async def _token(api: InProcess, client_id: str, secret: str) -> httpx.Response:
    async with _anonymous(api) as http:
        form = {"grant_type": "client_credentials", "client_id": client_id, "client_secret": secret}
        return await http.post("/oauth/token", data=form)


async def _new_client(api: InProcess, name: str = "OSS provisioning") -> dict:
    async with api.client(ROOT) as http:
        created = await http.post(
            f"/v1/customers/{ROOT_CUSTOMER_ID}/api-clients", json={"name": name, "roles": ["customer_readonly_admin"]}
        )
    assert created.status_code == 201, created.text
    body: dict = created.json()
    return body


async def test_a_customers_clients_are_listed_without_their_secrets(in_process: Open) -> None:
    api = await in_process("customers")
    client = await _new_client(api, "Billing export")
    async with api.client(ROOT) as http:
        listed = await http.get(f"/v1/customers/{ROOT_CUSTOMER_ID}/api-clients")

    assert listed.status_code == 200
    items = {item["client_id"]: item for item in listed.json()["items"]}
    assert items[client["client_id"]]["name"] == "Billing export"
    assert "root" in items  # the bootstrap client
    assert all("client_secret" not in item and "secret_hash" not in item for item in items.values())


async def test_clients_outside_your_subtree_are_not_found(in_process: Open) -> None:
    # R-HIER-03: a partner cannot see, rotate or revoke the clients of a customer above it.
    api = await in_process("customers")
    client = await _new_client(api)
    below = principal_below(ROOT, Role.PARTNER_ADMIN)
    base = f"/v1/customers/{ROOT_CUSTOMER_ID}/api-clients"
    async with api.client(below) as http:
        assert (await http.get(base)).status_code == 404
        assert (await http.post(f"{base}/{client['client_id']}/rotations")).status_code == 404
        assert (await http.delete(f"{base}/{client['client_id']}")).status_code == 404
    async with api.client(ROOT) as http:
        assert (await http.delete(f"{base}/cl_unknown")).json()["type"].endswith("/api-client-not-found")


async def test_a_rotated_secret_replaces_the_old_one_after_the_grace_period(in_process: Open) -> None:
    api = await in_process("customers")
    client = await _new_client(api)
    old_secret = client["client_secret"]
    async with api.client(ROOT) as http:
        rotated = await http.post(f"/v1/customers/{ROOT_CUSTOMER_ID}/api-clients/{client['client_id']}/rotations")
    assert rotated.status_code == 201, rotated.text
    new_secret = rotated.json()["client_secret"]
    assert new_secret != old_secret
    assert rotated.json()["previous_secret_expires_at"]

    # Within the grace period both secrets get tokens; after it, only the new one.
    assert (await _token(api, client["client_id"], old_secret)).status_code == 200
    assert (await _token(api, client["client_id"], new_secret)).status_code == 200
    clock = api.runtime.clock
    clock.advance(timedelta(hours=24, minutes=1))  # type: ignore[attr-defined]
    try:
        expired = await _token(api, client["client_id"], old_secret)
        assert expired.status_code == 401
        assert expired.json()["error"] == "invalid_client"
        assert (await _token(api, client["client_id"], new_secret)).status_code == 200
    finally:
        clock.advance(-timedelta(hours=24, minutes=1))  # type: ignore[attr-defined]


async def test_a_revoked_client_gets_no_token_and_its_token_is_refused_at_once(in_process: Open) -> None:
    api = await in_process("customers")
    client = await _new_client(api)
    issued = await _token(api, client["client_id"], client["client_secret"])
    token = issued.json()["access_token"]
    async with _anonymous(api) as http:
        mine = f"/v1/customers/{ROOT_CUSTOMER_ID}"
        assert (await http.get(mine, headers={"Authorization": f"Bearer {token}"})).status_code == 200

        async with api.client(ROOT) as root:
            revoked = await root.delete(f"{mine}/api-clients/{client['client_id']}")
            assert revoked.status_code == 204
            assert (await root.delete(f"{mine}/api-clients/{client['client_id']}")).status_code == 404
            listed = (await root.get(f"{mine}/api-clients")).json()["items"]
            assert client["client_id"] not in [item["client_id"] for item in listed]

        refused = await http.get(mine, headers={"Authorization": f"Bearer {token}"})
    assert refused.status_code == 401
    assert refused.headers["content-type"] == "application/problem+json"
    assert refused.json()["type"].endswith("/token-revoked")
    assert (await _token(api, client["client_id"], client["client_secret"])).json()["error"] == "invalid_client"


async def test_token_errors_are_answered_in_the_oauth2_form(in_process: Open) -> None:
    # RFC 6749 §5.2: error and error_description, 400 or 401, never cached.
    api = await in_process("customers")
    client = await _new_client(api)
    basic = base64.b64encode(f"{client['client_id']}:{client['client_secret']}".encode()).decode()
    cases = [
        ({"client_id": "root"}, {}, 400, "invalid_request"),
        ({"grant_type": "password", "client_id": "root", "client_secret": "x"}, {}, 400, "unsupported_grant_type"),
        ({"grant_type": "client_credentials"}, {}, 400, "invalid_request"),
        (
            {"grant_type": "client_credentials", "client_id": "root", "client_secret": "wrong"},
            {},
            401,
            "invalid_client",
        ),
        (
            {"grant_type": "client_credentials", "client_id": client["client_id"]},
            {"Authorization": f"Basic {basic}"},
            400,
            "invalid_request",
        ),
        ({"grant_type": "client_credentials"}, {"Authorization": "Basic !!!"}, 400, "invalid_request"),
    ]
    async with _anonymous(api) as http:
        for form, headers, status, error in cases:
            response = await http.post("/oauth/token", data=form, headers=headers)
            assert (response.status_code, response.json()["error"]) == (status, error), form
            assert response.headers["content-type"] == "application/json"
            assert response.headers["cache-control"] == "no-store"
            assert response.json()["error_description"]
            if status == 401:
                assert response.headers["www-authenticate"].startswith("Basic")
        by_basic = await http.post(
            "/oauth/token", data={"grant_type": "client_credentials"}, headers={"Authorization": f"Basic {basic}"}
        )
    assert by_basic.status_code == 200
    assert by_basic.headers["cache-control"] == "no-store"


async def test_the_token_endpoint_documents_its_oauth2_errors(in_process: Open) -> None:
    api = await in_process("customers")
    async with _anonymous(api) as http:
        operation = (await http.get("/openapi.json")).json()["paths"]["/oauth/token"]["post"]
    for status in ("400", "401"):
        content = operation["responses"][status]["content"]
        assert content["application/json"]["schema"]["$ref"].endswith("/OAuthErrorRead")
