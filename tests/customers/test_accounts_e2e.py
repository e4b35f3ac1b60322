"""Over real ports, with the workers running: a partner starts a contact-center trial at cc_setup; customers hears
it on the contact-center topic and welcomes the administrator by email (R-CC-02); the administrator follows the
link, signs in and is offered setup at cc_setup with the platform's token until the tenant is active (R-CC-03)."""

from __future__ import annotations

import re
import uuid
from datetime import timedelta
from typing import Any
from urllib.parse import parse_qs, urlparse

import httpx
import pytest

from devstack.services import Services
from devstack.testing import Caller
from tests.e2e.pstn_flow import eventually

pytestmark = pytest.mark.asyncio(loop_scope="session")

PASSWORD = "correct horse battery staple"


async def ok(response: httpx.Response, status: int = 200) -> Any:
    assert response.status_code == status, response.text
    return response.json()


async def provisioned_at_cc(partner: Caller, root: Caller) -> str:
    created = await partner.create_customer(name="Fjord Logistics AS")
    customer = str(created["id"])
    reached = await partner.wait_for_state(customer, "provisioned", "pending_rpl_review")
    if reached["state"] == "pending_rpl_review":  # screened like any customer (R-RPL-01); a reviewer clears it
        case_id = reached["screening"]["review_case_id"]
        await ok(await root.rpl.post(f"/v1/review-cases/{case_id}/approve", json={"reason": "test customer"}))
        await partner.wait_for_state(customer, "provisioned")

    async def known() -> bool:
        answer = await partner.cc.get(f"/v1/customers/{customer}")
        return answer.status_code == 200 and answer.json()["state"] == "provisioned"

    await eventually(known, "cc_setup hears of the provisioned customer")
    return customer


async def test_a_trial_administrator_is_welcomed_signs_in_and_is_offered_setup_until_the_tenant_is_active(
    services: Services, root: Caller, partner: Caller
) -> None:
    """R-CC-02: the welcome email from the trial's event, activation once. R-CC-03: sign-in, the platform's token
    accepted by cc_setup, setup offered until the tenant is active."""
    customer = await provisioned_at_cc(partner, root)
    email = f"kari-{uuid.uuid4().hex[:8]}@fjord.example"
    base = f"/v1/customers/{customer}/contact-center"
    trial = {"country": "NO", "administrator_email": email, "licences": {"standard_agent": 3}}
    await ok(await partner.cc.post(f"{base}/trials", json=trial, headers={"Idempotency-Key": f"t-{customer}"}), 201)

    mail = services.mail
    assert mail is not None

    async def welcomed() -> str | None:
        sent = mail.to(email)
        found = re.search(r"https?://\S+token=\S+", sent[0].get_content()) if sent else None
        return found.group(0) if found else None

    link = await eventually(welcomed, "the welcome email")  # R-CC-02
    token = parse_qs(urlparse(link).query)["token"][0]
    async with httpx.AsyncClient(base_url=services.customers.url, timeout=30.0) as hub:
        signed_in_early = await hub.post("/v1/sessions", json={"email": email, "password": PASSWORD})
        assert signed_in_early.status_code == 401  # R-CC-02: not before activation
        body = {"token": token, "password": PASSWORD, "accept_terms": True}
        await ok(await hub.post("/v1/account-activations", json=body))
        assert (await hub.post("/v1/account-activations", json=body)).status_code == 422  # single use
        signed_in = await ok(await hub.post("/v1/sessions", json={"email": email, "password": PASSWORD}), 201)
    assert signed_in["profile"] | {"setup_required": True, "customer_id": customer} == signed_in["profile"]
    headers = {"Authorization": f"Bearer {signed_in['access_token']}"}
    async with httpx.AsyncClient(base_url=services.cc_setup.url, headers=headers, timeout=30.0) as admin:
        status = await ok(await admin.get(f"{base}/setup-status"))  # the platform's token, accepted by cc_setup
        assert status["setup_required"] is True

        # The partner completes setup (R-CC-16); the tenant becomes active as the clock moves.
        cc = partner.cc
        await ok(await cc.put(f"{base}/setup/calling", json={"sip_address": f"fjord-{customer[:8]}@cc.example"}))
        await ok(await cc.post(f"{base}/setup/country-confirmation", json={"country": "NO"}))
        await ok(await cc.put(f"{base}/setup/settings", json={"telephony": "external_via_calling"}))
        job = await ok(await cc.post(f"{base}/setup/submission"), 202)
        for _ in range(12):
            services.clock.advance(timedelta(minutes=1))
            job = await ok(await cc.get(f"{base}/provisioning-jobs/{job['id']}", params={"wait": 5}))
            if job["state"] != "in_progress":
                break
        assert job["state"] == "active", job

    async def setup_done() -> bool:
        async with httpx.AsyncClient(base_url=services.customers.url, headers=headers, timeout=30.0) as hub:
            me = await ok(await hub.get("/v1/me"))
        return me["setup_required"] is False

    await eventually(setup_done, "customers hears cc.active.v1")  # R-CC-03
    async with httpx.AsyncClient(base_url=services.customers.url, timeout=30.0) as hub:
        again = await ok(await hub.post("/v1/sessions", json={"email": email, "password": PASSWORD}), 201)
    assert again["profile"]["setup_required"] is False
