"""Over real ports, with the workers running: the customer's tenant is provisioned with its connect tenant; an
administrator account activated at the platform (the customers topic's event, on the real broker) is invited to
connect by email, signs in there, and connect's signed webhook makes it active (R-CC-13, R-CC-14)."""

from __future__ import annotations

import uuid
from datetime import timedelta
from typing import Any

import httpx
import pytest
from aiokafka import AIOKafkaProducer

from cc_setup.connect import SandboxConnect
from cc_setup.setup.repository import SetupRepository
from contracts import topics
from contracts.envelope import Envelope
from contracts.events import AccountActivated
from devstack.services import Services
from devstack.stack import Stack
from devstack.testing import Caller
from tests.e2e.pstn_flow import eventually

pytestmark = pytest.mark.asyncio(loop_scope="session")


async def ok(response: httpx.Response, status: int = 200) -> Any:
    assert response.status_code == status, response.text
    return response.json()


async def test_an_activated_administrator_is_invited_to_connect_and_activated_by_its_first_sign_in(
    services: Services, stack: Stack, root: Caller, partner: Caller
) -> None:
    # R-CC-14: the connect invitation after the platform account's activation; active on the first sign-in
    created = await partner.create_customer(name="Fjord Channels AS")
    customer = created["id"]
    reached = await partner.wait_for_state(customer, "provisioned", "pending_rpl_review")
    if reached["state"] == "pending_rpl_review":
        case_id = reached["screening"]["review_case_id"]
        await ok(await root.rpl.post(f"/v1/review-cases/{case_id}/approve", json={"reason": "test customer"}))
        await partner.wait_for_state(customer, "provisioned")
    cc = partner.cc

    async def known() -> bool:
        answer = await cc.get(f"/v1/customers/{customer}")
        return answer.status_code == 200 and answer.json()["state"] == "provisioned"

    await eventually(known, "cc_setup heard of the provisioned customer")
    owner = f"kari.{uuid.uuid4().hex[:8]}@fjord-channels.example"
    base = f"/v1/customers/{customer}/contact-center"
    await ok(
        await cc.post(
            f"{base}/trials", json={"country": "NO", "administrator_email": owner, "licences": {"standard_agent": 3}}
        ),
        201,
    )
    await ok(await cc.put(f"{base}/setup/calling", json={"sip_address": f"chan-{customer[:8]}@cc.example"}))
    await ok(await cc.post(f"{base}/setup/country-confirmation", json={"country": "NO"}))
    await ok(await cc.put(f"{base}/setup/settings", json={"telephony": "external_via_calling"}))
    job = await ok(await cc.post(f"{base}/setup/submission"), 202)
    for _ in range(12):
        services.clock.advance(timedelta(minutes=1))
        job = await ok(
            await cc.get(f"{base}/provisioning-jobs/{job['id']}", params={"wait": 5, "seen_version": job["version"]})
        )
        if job["state"] != "in_progress":
            break
    assert job["state"] == "active", job

    runtime = services.cc_setup.app.state.runtime
    async with runtime.sessionmaker() as session:
        tenant_path = await SetupRepository.unscoped(session).tenant_path_of(uuid.UUID(customer))
    activated = AccountActivated(
        customer_id=uuid.UUID(customer),
        parent_id=partner.customer_id,
        tenant_path=tenant_path,
        account_id=uuid.uuid4(),
        email=owner,
        role="customer_full_admin",
        activated_at=services.clock.now(),
    )
    producer = AIOKafkaProducer(bootstrap_servers=stack.bootstrap_servers, enable_idempotence=False)
    await producer.start()
    try:  # as the customers service announces it
        envelope = Envelope.wrap(activated, source="/services/customers")
        await producer.send_and_wait(topics.CUSTOMERS, envelope.model_dump_json().encode(), key=customer.encode())
    finally:
        await producer.stop()

    async def administrator_in(state: str) -> bool:
        page = (await cc.get(f"{base}/administrators")).json()
        return [(a["email"], a["state"]) for a in page["items"]] == [(owner, state)]

    await eventually(lambda: administrator_in("invited"), "the administrator invited to connect")
    assert services.mail is not None
    # the customers service may have sent the platform invitation already (R-CC-14: that one comes first)
    [mail] = [m for m in services.mail.to(owner) if "connect" in m["Subject"]]
    assert services.mail.to(owner)[-1] is mail
    sandbox: SandboxConnect = runtime.component(SandboxConnect)
    tenant = await sandbox.tenant_of(uuid.UUID(customer))
    assert tenant is not None
    user = await sandbox.user(tenant.tenant_id, owner)
    assert user is not None
    assert user.invitation_url
    assert user.invitation_url in mail.get_content()
    assert user.role == "tenant_owner"
    assert await sandbox.sign_in(tenant.tenant_id, owner) == 200
    await eventually(lambda: administrator_in("active"), "the administrator active in connect")
