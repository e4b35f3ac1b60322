"""Over real ports, with the workers running: a partner onboards a Norwegian customer at the customers service,
cc_setup hears of it, the partner starts a contact-center trial, walks the wizard and submits; the waiter follows
the tenant as the clock moves, and it lands in the data center the locality map gives (R-CC-05, R-CC-11); every
step reaches the partner's webhook endpoint."""

from __future__ import annotations

import asyncio
import uuid
from datetime import timedelta
from typing import Any

import httpx
import pytest

from contracts import topics
from devstack import testing
from devstack.services import Services
from devstack.stack import Stack
from devstack.testing import Caller
from tests.e2e.pstn_flow import Receiver, eventually

pytestmark = pytest.mark.asyncio(loop_scope="session")


async def ok(response: httpx.Response, status: int = 200) -> Any:
    assert response.status_code == status, response.text
    return response.json()


async def test_a_norwegian_customers_tenant_is_created_in_its_data_center_and_followed_to_active(
    services: Services, stack: Stack, root: Caller, partner: Caller, pstn_receiver: Receiver
) -> None:
    await ok(await partner.customers.post("/v1/webhook-endpoints", json={"url": pstn_receiver.url}), 201)
    created = await partner.create_customer(name="Fjord Logistics AS")
    customer = created["id"]
    reached = await partner.wait_for_state(customer, "provisioned", "pending_rpl_review")
    if reached["state"] == "pending_rpl_review":  # screened like any customer (R-RPL-01); a reviewer clears it
        case_id = reached["screening"]["review_case_id"]
        await ok(await root.rpl.post(f"/v1/review-cases/{case_id}/approve", json={"reason": "test customer"}))
        await partner.wait_for_state(customer, "provisioned")
    cc = partner.cc
    for _ in range(300):  # cc_setup's directory follows the customers topic
        known = await cc.get(f"/v1/customers/{customer}")
        if known.status_code == 200 and known.json()["state"] == "provisioned":
            break
        await asyncio.sleep(0.1)
    else:
        raise AssertionError("cc_setup did not hear of the provisioned customer")
    base = f"/v1/customers/{customer}/contact-center"
    trial = await ok(
        await cc.post(
            f"{base}/trials",
            json={"country": "NO", "administrator_email": "kari@fjord.example", "licences": {"standard_agent": 3}},
            headers={"Idempotency-Key": f"trial-{customer}"},
        ),
        201,
    )
    setup = await ok(await cc.get(trial["continue_to_setup"]["href"]))  # R-CC-16: straight into setup
    assert setup["setup_required"] is True
    await ok(await cc.put(f"{base}/setup/calling", json={"sip_address": f"fjord-{customer[:8]}@cc.example"}))
    settings = await ok(await cc.post(f"{base}/setup/country-confirmation", json={"country": "NO"}))
    locality = await ok(await cc.get("/v1/contact-center/data-locality/NO"))
    assert settings["data_center"] == locality["data_center"]
    await ok(await cc.put(f"{base}/setup/settings", json={"telephony": "external_via_calling"}))
    job = await ok(await cc.post(f"{base}/setup/submission"), 202)
    path = f"{base}/provisioning-jobs/{job['id']}"

    seen = job["version"]
    states = []
    for _ in range(12):
        services.clock.advance(timedelta(minutes=1))  # the worker's timers fire on the moved clock
        job = await ok(await cc.get(path, params={"wait": 5, "seen_version": seen}))
        states.append([s["state"] for s in job["steps"]])
        seen = job["version"]
        if job["state"] != "in_progress":
            break
    assert job["state"] == "active", job
    assert ["succeeded", "pending", "pending", "pending"] in states  # followed step by step
    details = await ok(await cc.get(f"{base}/settings"))
    assert details["data_center"] == locality["data_center"]  # R-CC-05: where the map said
    assert details["tenant_id"] == job["tenant_id"]
    status = await ok(await cc.get(f"{base}/setup-status"))
    assert status["setup_required"] is False  # R-CC-03
    types = await testing.customer_event_types(stack, customer, until="cc.active.v1", topic=topics.CONTACT_CENTER)
    assert types[0] == "cc.trial_started.v1"
    assert "cc.country_confirmed.v1" in types
    assert "cc.setup_submitted.v1" in types
    assert types.count("cc.provisioning_progressed.v1") == 4

    async def delivered() -> bool:
        return all(pstn_receiver.of(uuid.UUID(customer), t) for t in ("cc.trial_started.v1", "cc.active.v1"))

    await eventually(delivered, "the contact-center steps delivered by webhook")
