"""Customers publishes its signing keys as a JWK Set; every other service verifies tokens against it, fetched over
HTTP, so a new signing key is taken up without a restart and the previous one keeps working until retired."""

from __future__ import annotations

import contextlib
import json
from collections.abc import AsyncIterator
from pathlib import Path

import httpx
import jwt
import pytest
from fastapi import FastAPI

from devstack.config import ensure_keys
from devstack.in_process import ROOT_CUSTOMER_ID, issuer_for, root_principal
from devstack.services import RunningService, Services, build_apps, serve
from devstack.stack import Stack
from servicekit import KeySet, ManualClock

pytestmark = pytest.mark.asyncio(loop_scope="session")

VERIFIERS = ("rpl_screening", "pstn_orders", "cc_setup")
READS = {
    "customers": f"/v1/customers/{ROOT_CUSTOMER_ID}",
    "rpl_screening": "/v1/screenings",
    "pstn_orders": f"/v1/customers/{ROOT_CUSTOMER_ID}",
    "cc_setup": f"/v1/customers/{ROOT_CUSTOMER_ID}",
}


def kid_of(token: str) -> str:
    kid: str = jwt.get_unverified_header(token)["kid"]
    return kid


async def token_from(customers_url: str, services: Services) -> str:
    async with httpx.AsyncClient(base_url=customers_url) as http:
        response = await http.post(
            "/oauth/token",
            data={
                "grant_type": "client_credentials",
                "client_id": services.root_client_id,
                "client_secret": services.root_client_secret,
            },
        )
    assert response.status_code == 200, response.text
    token: str = response.json()["access_token"]
    return token


async def statuses(running: dict[str, RunningService], token: str) -> dict[str, int]:
    answers = {}
    for name, service in running.items():
        async with httpx.AsyncClient(base_url=service.url, headers={"Authorization": f"Bearer {token}"}) as http:
            answers[name] = (await http.get(READS[name])).status_code
    return answers


async def test_customers_publishes_its_signing_key_as_a_jwk_set(services: Services):
    async with httpx.AsyncClient(base_url=services.customers.url) as http:
        response = await http.get("/.well-known/jwks.json")  # public: no token
    assert response.status_code == 200
    assert "max-age=" in response.headers["cache-control"]
    (key,) = response.json()["keys"]
    assert {k: key[k] for k in ("kty", "crv", "use", "alg")} == {
        "kty": "OKP",
        "crv": "Ed25519",
        "use": "sig",
        "alg": "EdDSA",
    }
    _, public = ensure_keys(services.folder / "keys")
    assert key["kid"] == KeySet([public.read_bytes()]).signing_kid
    assert kid_of(await token_from(services.customers.url, services)) == key["kid"]


async def test_a_customers_token_is_accepted_by_every_service_through_the_jwks(services: Services):
    for name in VERIFIERS:
        settings = getattr(services, name).runtime.settings
        assert settings.jwks_url == f"{services.customers.url}/.well-known/jwks.json"
    token = await token_from(services.customers.url, services)
    running = {service.name: service for service in services.all()}
    answers = await statuses(running, token)
    assert all(status != 401 for status in answers.values()), answers
    private, _ = ensure_keys(services.folder / "forger-keys")
    forger = issuer_for(private, services.customers.runtime.settings)
    forger.kid = kid_of(token)  # the issuer's kid, another key's signature
    forged = forger.issue(root_principal())
    assert set((await statuses(running, forged)).values()) == {401}


@contextlib.asynccontextmanager
async def started(name: str, app: FastAPI) -> AsyncIterator[RunningService]:
    async with app.router.lifespan_context(app), serve(name, app) as running:
        yield running


def customers_app(
    stack: Stack, keys_dir: Path, services: Services, monkeypatch: pytest.MonkeyPatch, previous: list[Path]
) -> FastAPI:
    """A customers API (no workers) on the session's database and the rotation's port, signing with `keys_dir`."""
    with monkeypatch.context() as env:  # set as production sets it
        env.setenv("CUSTOMERS_JWT_PREVIOUS_PUBLIC_KEY_FILES", json.dumps([str(path) for path in previous]))
        apps = build_apps(stack, keys_dir, ManualClock(), None, services.root_client_secret, workers=False)
    return apps["customers"]


async def test_a_rotated_signing_key_is_taken_up_at_once_and_the_previous_one_stays_valid(
    services: Services, stack: Stack, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
):
    # The rotation's own four APIs on the session's databases: the session's services keep their key.
    _, old_public = ensure_keys(tmp_path / "old-keys")
    verifier_apps = build_apps(
        stack, tmp_path / "old-keys", ManualClock(), None, services.root_client_secret, workers=False
    )
    async with contextlib.AsyncExitStack() as opened:
        verifiers = {name: await opened.enter_async_context(started(name, verifier_apps[name])) for name in VERIFIERS}
        for running in verifiers.values():
            running.runtime.verifier.keys.refetch_interval = 0.0  # type: ignore[attr-defined]  # rotate right away

        async with started("customers", customers_app(stack, tmp_path / "old-keys", services, monkeypatch, [])) as old:
            old_token = await token_from(old.url, services)
            first = await statuses(verifiers, old_token)  # each fetches the set: the old key alone
            assert all(status != 401 for status in first.values()), first

        # A second key signs now; the first stays published until the tokens it signed have expired.
        rotated_app = customers_app(stack, tmp_path / "new-keys", services, monkeypatch, [old_public])
        async with started("customers", rotated_app) as rotated:
            assert rotated.url == old.url  # where the verifiers fetch the key set
            async with httpx.AsyncClient(base_url=rotated.url) as http:
                kids = [key["kid"] for key in (await http.get("/.well-known/jwks.json")).json()["keys"]]
            new_token = await token_from(rotated.url, services)
            assert kids == [kid_of(new_token), kid_of(old_token)]
            everyone = verifiers | {"customers": rotated}

            before = await statuses(everyone, old_token)  # still valid everywhere, customers included
            assert all(status != 401 for status in before.values()), before
            after = await statuses(everyone, new_token)  # the verifiers cached only the old set: they refetch
            assert all(status != 401 for status in after.values()), after

            ensure_keys(tmp_path / "unpublished-keys")
            stranger = issuer_for(tmp_path / "unpublished-keys" / "jwt-private.pem", rotated.runtime.settings)
            unknown = stranger.issue(root_principal())  # a kid the issuer does not publish, even after a refetch
            assert await statuses(everyone, unknown) == dict.fromkeys(everyone, 401)
