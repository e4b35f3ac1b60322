"""Over real ports: a partner maps a contact-center subscription for a provisioned Norwegian customer; the
administrator follows the emailed link, sets a password and accepts the terms, signs in and walks every step of
setup (going back once), confirms the country and submits; the clock moves and the tenant becomes active in the
data center the locality map gives; the PDF summary names the customer, the country and the licences; the
administrator appears in connect as the tenant owner, and a role changed in connect comes back as the mapped
platform role."""

from __future__ import annotations

import io
import re
import uuid
from datetime import timedelta
from typing import Any
from urllib.parse import parse_qs, urlparse

import httpx
import pypdf
import pytest

from cc_setup.connect import SandboxConnect
from devstack.services import Services
from devstack.testing import Caller
from tests.e2e.pstn_flow import eventually

pytestmark = pytest.mark.asyncio(loop_scope="session")

PASSWORD = "fjord-harbour-lighthouse-42"


async def ok(response: httpx.Response, status: int = 200) -> Any:
    assert response.status_code == status, response.text
    return response.json()


async def test_a_mapped_subscription_is_set_up_by_its_administrator_and_synced_with_connect(
    services: Services, root: Caller, partner: Caller
) -> None:
    created = await partner.create_customer(name="Nordlys Kundeservice AS")
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

    # The partner maps the subscription order (R-CC-01); the answer leads into setup (R-CC-16).
    admin_email = f"ingrid.{uuid.uuid4().hex[:8]}@nordlys.example"
    base = f"/v1/customers/{customer}/contact-center"
    licences = {"standard_agent": 12, "premium_agent": 2, "supervisor": 2}
    order = {"order_reference": f"SO-{customer[:8]}", "country": "NO", "administrator_email": admin_email,
             "licences": licences}  # fmt: skip
    mapped = await ok(
        await partner.cc.post(f"{base}/subscription-orders", json=order, headers={"Idempotency-Key": customer}), 201
    )
    assert mapped["continue_to_setup"]["href"].endswith("/contact-center/setup")

    # The welcome email's link: a password and the terms, then a sign-in (R-CC-02).
    assert services.mail is not None
    mail = services.mail

    async def welcomed() -> str | None:
        sent = mail.to(admin_email)
        found = re.search(r"https?://\S+token=\S+", sent[0].get_content()) if sent else None
        return found.group(0) if found else None

    link = await eventually(welcomed, "the welcome email")
    token = parse_qs(urlparse(link).query)["token"][0]
    async with httpx.AsyncClient(base_url=services.customers.url, timeout=30.0) as hub:
        activation = {"token": token, "password": PASSWORD, "accept_terms": True}
        await ok(await hub.post("/v1/account-activations", json=activation))
        session = await ok(await hub.post("/v1/sessions", json={"email": admin_email, "password": PASSWORD}), 201)
    assert session["profile"]["setup_required"] is True  # R-CC-03
    bearer = {"Authorization": f"Bearer {session['access_token']}"}

    # The administrator walks every step with the platform's own token, going back once (R-CC-04).
    async with httpx.AsyncClient(base_url=services.cc_setup.url, headers=bearer, timeout=30.0) as cc:
        summary = await ok(await cc.get(f"{base}/setup/summary"))
        assert summary["licences"] == licences | summary["licences"]
        await ok(await cc.put(f"{base}/setup/calling", json={"sip_address": f"first-{customer[:8]}@cc.example"}))
        settings = await ok(await cc.get(f"{base}/setup/settings"))
        assert settings["country"] == "NO"  # R-CC-05: the country of the order
        calling = await cc.get(f"{base}/setup/calling")  # back to the calling step, changed
        assert (await ok(calling))["sip_address"] == f"first-{customer[:8]}@cc.example"
        sip = f"nordlys-{customer[:8]}@cc.example"
        changed = await cc.put(
            f"{base}/setup/calling", json={"sip_address": sip}, headers={"If-Match": calling.headers["ETag"]}
        )
        await ok(changed)
        confirmed = await ok(await cc.post(f"{base}/setup/country-confirmation", json={"country": "NO"}))  # R-CC-06
        locality = await ok(await cc.get("/v1/contact-center/data-locality/NO"))
        assert confirmed["data_center"] == locality["data_center"]
        await ok(await cc.put(f"{base}/setup/settings", json={"telephony": "external_via_calling"}))
        await ok(await cc.get(f"{base}/setup/what-will-be-set-up"))
        review = await ok(await cc.get(f"{base}/setup/review"))
        assert review["calling"]["sip_address"] == sip
        job = await ok(await cc.post(f"{base}/setup/submission"), 202)  # R-CC-11
        for _ in range(12):
            services.clock.advance(timedelta(minutes=1))
            job = await ok(
                await cc.get(
                    f"{base}/provisioning-jobs/{job['id']}", params={"wait": 5, "seen_version": job["version"]}
                )
            )
            if job["state"] != "in_progress":
                break
        assert job["state"] == "active", job
        details = await ok(await cc.get(f"{base}/settings"))  # R-CC-12
        assert details["data_center"] == locality["data_center"]
        pdf = await cc.get(f"{base}/setup/order-summary")
        assert pdf.status_code == 200
        assert pdf.content.startswith(b"%PDF")
        text = "\n".join(page.extract_text() for page in pypdf.PdfReader(io.BytesIO(pdf.content)).pages)
        assert "Nordlys Kundeservice AS" in text
        assert "Norway" in text or "NO" in text
        assert "12" in text
        assert "Standard agent".lower() in text.lower()

        # The administrator is the tenant owner in connect (R-CC-13, R-CC-14).
        async def in_connect() -> dict[str, Any] | None:
            page = await ok(await cc.get(f"{base}/administrators"))
            found = [a for a in page["items"] if a["email"] == admin_email]
            return found[0] if found else None

        administrator = await eventually(in_connect, "the administrator added to connect")
        assert administrator["connect_role"] == "tenant_owner"

    connect = services.cc_setup.app.state.runtime.component(SandboxConnect)
    tenant = await connect.tenant_of(uuid.UUID(customer))
    assert tenant is not None
    user = await connect.user(tenant.tenant_id, admin_email)
    assert user is not None
    assert user.role == "tenant_owner"

    # A role changed in connect comes back as the mapped platform role (R-CC-13: read-only → read-only admin).
    assert await connect.change_role_in_connect(tenant.tenant_id, admin_email, "read_only") == 200

    async def mapped_back() -> bool:
        async with httpx.AsyncClient(base_url=services.customers.url, headers=bearer, timeout=30.0) as hub:
            me = await ok(await hub.get("/v1/me"))
        return bool(me["role"] == "customer_readonly_admin")

    await eventually(mapped_back, "the connect role mapped back to the platform")
