"""Submitting the setup and the tenant's provisioning job (R-CC-11, R-CC-12, R-CC-15)."""

from __future__ import annotations

import io
import time
import uuid
from datetime import timedelta
from typing import Any

import pytest
from pypdf import PdfReader
from sqlalchemy import select

from cc_setup.models import platform
from cc_setup.provisioner import StepResult, TenantRequest
from cc_setup.provisioning.runner import JobRunner
from contracts.enums import Role
from contracts.events import CustomerResumed, CustomerSuspended
from devstack.in_process import principal_below, root_principal
from tests.cc_setup.conftest import CcWorld

pytestmark = pytest.mark.asyncio(loop_scope="session")
STEPS = ["tenant", "telephony", "digital_channels", "administrator"]


async def submitted(cc: CcWorld, sip_address: str = "fjord@cc.example") -> dict[str, Any]:
    await cc.start_trial()
    await cc.ready(sip_address)
    answer = await cc.submit()
    assert answer.status_code == 202, answer.text
    assert answer.headers["Location"].endswith(answer.json()["id"])
    body: dict[str, Any] = answer.json()
    return body


async def test_submit_provisions_the_tenant_in_minutes_and_setup_completes(cc: CcWorld) -> None:
    # R-CC-11: asynchronous, minutes, a job with each step's progress; R-CC-03: required until completed
    job = await submitted(cc)
    assert job["state"] == "in_progress"
    assert [s["step"] for s in job["steps"]] == STEPS
    assert {s["state"] for s in job["steps"]} == {"pending"}
    assert job["data_center"] == "eu2"
    assert (await cc.client().get(f"{cc.base}/setup-status")).json()["setup_required"] is True
    assert await cc.minutes_pass(0.5) == 0  # nothing is due before the first step's time
    await cc.minutes_pass(1)
    first = await cc.job(job["id"])
    assert first["steps"][0]["state"] == "succeeded"
    assert first["tenant_id"] == cc.sandbox.tenant_id_for(job["id"])
    assert first["current_step"] == "telephony"
    done = await cc.until_done(job["id"])
    assert done["state"] == "active"
    assert done["administrator_created"] is True  # the first administrator, created by the job
    assert "kari.nordmann@fjord-logistics.example" in done["steps"][-1]["detail"]
    status = (await cc.client().get(f"{cc.base}/setup-status")).json()
    assert status["setup_required"] is False
    assert status["next_step"] is None
    progressed = await cc.events("cc.provisioning_progressed.v1")
    assert [(e["step"], e["state"]) for e in progressed] == [(s, "succeeded") for s in STEPS]
    [active] = await cc.events("cc.active.v1")
    assert active["tenant_id"] == done["tenant_id"]
    assert active["data_center"] == "eu2"


async def test_after_setup_the_platform_details_are_readable_in_the_settings(cc: CcWorld) -> None:
    # R-CC-12: the contact-center platform details, readable in the customer's settings
    job = await submitted(cc)
    early = await cc.client().get(f"{cc.base}/settings")
    assert early.status_code == 409
    assert early.json()["rule"] == "R-CC-12"
    done = await cc.until_done(job["id"])
    settings = await cc.client(cc.readonly).get(f"{cc.base}/settings")
    assert settings.status_code == 200, settings.text
    body = settings.json()
    assert body["tenant_id"] == done["tenant_id"]
    assert (body["country"], body["data_center"], body["region"]) == ("NO", "eu2", "emea")
    assert body["platform"] == "next_generation"
    assert body["telephony"] == "calling_carriers"
    assert body["time_zone"] == "Europe/Oslo"


async def test_a_repeated_submit_answers_the_same_job_and_makes_one_tenant(cc: CcWorld) -> None:
    # R-CC-11: a repeated submit is harmless: one job, one tenant
    job = await submitted(cc)
    again = await cc.submit()
    assert again.status_code == 202
    assert again.json()["id"] == job["id"]
    keyed = await cc.submit(headers={"Idempotency-Key": "submit-1"})
    assert keyed.json()["id"] == job["id"]
    done = await cc.until_done(job["id"])
    assert done["state"] == "active"
    assert (await cc.submit()).json()["id"] == job["id"]
    assert len(await cc.events("cc.setup_submitted.v1")) == 1
    assert len([t for t in cc.sandbox.tenants.values() if t.customer_id == cc.customer_id]) == 1


async def test_a_step_repeated_after_a_crash_answers_the_tenant_it_created(cc: CcWorld) -> None:
    # R-CC-11: the provisioner's call is keyed by the job: a timer fired again after a crash makes no second tenant
    job = await submitted(cc)
    cc.clock.advance(timedelta(minutes=1))
    runner = cc.api.runtime.component(JobRunner)
    timers = platform.timers
    async with cc.api.session() as session:
        await session.begin()
        timer = (await session.execute(select(timers).where(timers.c.key == job["id"]))).one()
        await runner.on_timer(session, timer)  # the tenant is created at the platform...
        await session.rollback()  # ...and the process dies before its transaction commits
    assert (await cc.job(job["id"]))["tenant_id"] is None
    await cc.api.runtime.timers.fire_due()  # the timer is still due: the step runs again
    again = await cc.job(job["id"])
    assert again["tenant_id"] == cc.sandbox.tenant_id_for(job["id"])
    assert [c[:2] for c in cc.sandbox.calls if c[0] == job["id"]] == [(job["id"], "tenant")] * 2
    assert len([t for t in cc.sandbox.tenants.values() if t.customer_id == cc.customer_id]) == 1
    assert (await cc.until_done(job["id"]))["state"] == "active"


async def test_submit_refuses_an_incomplete_setup_and_changes_nothing(cc: CcWorld) -> None:
    # R-CC-04: every step comes before submit
    await cc.start_trial()
    answer = await cc.submit()
    assert answer.status_code == 409, answer.text
    assert {"step": "calling", "field": "sip_address"} in answer.json()["missing"]
    assert (await cc.client().get(f"{cc.base}/setup")).json()["state"] == "in_progress"
    assert await cc.events("cc.setup_submitted.v1") == []


async def test_after_submit_the_steps_no_longer_change(cc: CcWorld) -> None:
    # R-CC-04: back and change only before submitting
    await submitted(cc)
    late = await cc.client().put(f"{cc.base}/setup/calling", json={"sip_address": "late@cc.example"})
    assert late.status_code == 409
    assert late.json()["rule"] == "R-CC-04"
    assert (await cc.put_settings(time_zone="Europe/Berlin")).status_code == 409


async def test_a_passing_fault_is_tried_again_and_the_job_goes_on(cc: CcWorld) -> None:
    # R-CC-11: a transient failure is retried
    job = await submitted(cc, "flaky-telephony@cc.example")
    await cc.minutes_pass(1)
    await cc.minutes_pass(1)
    retrying = await cc.job(job["id"])
    assert retrying["steps"][1]["state"] == "retrying"
    assert retrying["state"] == "in_progress"
    done = await cc.until_done(job["id"])
    assert done["state"] == "active"
    assert done["steps"][1]["attempts"] == 2
    progressed = [(e["step"], e["state"]) for e in await cc.events("cc.provisioning_progressed.v1")]
    assert ("telephony", "retrying") in progressed


async def test_a_step_that_never_answers_fails_the_job_after_the_last_try(cc: CcWorld) -> None:
    job = await submitted(cc, "down-digital_channels@cc.example")
    done = await cc.until_done(job["id"], limit=120)
    assert done["state"] == "failed"
    assert done["failed_step"] == "digital_channels"
    assert "after 5 tries" in done["failure_reason"]
    assert done["help"]["desk"] == "technical_assistance"


async def test_a_refused_step_fails_the_job_with_the_reason_and_the_desk(cc: CcWorld) -> None:
    # R-CC-11: ends failed, saying why and whom to contact
    job = await submitted(cc, "fail-administrator@cc.example")
    done = await cc.until_done(job["id"])
    assert done["state"] == "failed"
    assert done["failed_step"] == "administrator"
    assert done["failure_reason"] == "the first administrator could not be created in the tenant"
    assert done["help"]["desk"] == "technical_assistance"
    assert [s["state"] for s in done["steps"]] == ["succeeded", "succeeded", "succeeded", "failed"]
    [failed] = await cc.events("cc.provisioning_failed.v1")
    assert (failed["step"], failed["desk"]) == ("administrator", "technical_assistance")
    status = (await cc.client().get(f"{cc.base}/setup-status")).json()
    assert status["setup_required"] is True
    assert status["next_step"] == "provisioning"
    assert (await cc.client().get(f"{cc.base}/settings")).status_code == 409


async def test_a_failed_job_is_re_run_from_the_failed_step_with_the_same_tenant(cc: CcWorld) -> None:
    # R-CC-11: a failed job can be re-run; what succeeded stays, one tenant
    job = await submitted(cc, "fail-once-telephony@cc.example")
    failed = await cc.until_done(job["id"])
    assert failed["state"] == "failed"
    assert failed["failed_step"] == "telephony"
    rerun = await cc.client().post(f"{cc.base}/provisioning-runs")
    assert rerun.status_code == 202, rerun.text
    assert rerun.json()["id"] == job["id"]
    assert rerun.json()["run"] == 2
    assert [s["state"] for s in rerun.json()["steps"]] == ["succeeded", "pending", "pending", "pending"]
    done = await cc.until_done(job["id"])
    assert done["state"] == "active"
    assert done["tenant_id"] == failed["tenant_id"]
    tenant_calls = [c for c in cc.sandbox.calls if c[0] == job["id"] and c[1] == "tenant"]
    assert len(tenant_calls) == 1  # the re-run did not create the tenant again
    runs = [e["run"] for e in await cc.events("cc.setup_submitted.v1")]
    assert runs == [1, 2]
    again = await cc.client().post(f"{cc.base}/provisioning-runs")
    assert again.status_code == 409
    assert again.json()["type"].endswith("/provisioning-job-not-failed")


async def test_a_job_that_fails_every_run_fails_again_on_a_re_run(cc: CcWorld) -> None:
    job = await submitted(cc, "fail-tenant@cc.example")
    assert (await cc.until_done(job["id"]))["failed_step"] == "tenant"
    assert (await cc.client().post(f"{cc.base}/provisioning-runs")).status_code == 202
    again = await cc.until_done(job["id"])
    assert again["state"] == "failed"
    assert again["run"] == 2
    assert len(await cc.events("cc.provisioning_failed.v1")) == 2


async def test_the_waiter_answers_when_the_wait_is_over_or_at_once_for_a_seen_change(cc: CcWorld) -> None:
    job = await submitted(cc)
    started = time.monotonic()
    waited = await cc.job(job["id"], wait=1)
    assert time.monotonic() - started >= 0.9  # nothing changed: the whole (bounded) wait
    assert waited["version"] == job["version"]
    await cc.minutes_pass(1)
    started = time.monotonic()
    changed = await cc.job(job["id"], wait=10, seen_version=job["version"])
    assert time.monotonic() - started < 2  # it changed since the version seen: at once
    assert changed["steps"][0]["state"] == "succeeded"
    done = await cc.until_done(job["id"])
    started = time.monotonic()
    assert (await cc.job(job["id"], wait=10))["state"] == "active" == done["state"]
    assert time.monotonic() - started < 2  # a finished job does not wait
    too_long = await cc.client().get(f"{cc.base}/provisioning-jobs/{job['id']}", params={"wait": 600})
    assert too_long.status_code == 422


async def test_another_job_id_answers_404(cc: CcWorld) -> None:
    await submitted(cc)
    answer = await cc.client().get(f"{cc.base}/provisioning-jobs/{uuid.uuid4()}")
    assert answer.status_code == 404


async def test_the_order_summary_downloads_as_a_pdf_naming_customer_country_and_licences(cc: CcWorld) -> None:
    # R-CC-11: an order summary can be downloaded (PDF)
    await cc.start_trial()
    early = await cc.client().get(f"{cc.base}/setup/order-summary")
    assert early.status_code == 409
    await cc.ready()
    assert (await cc.submit()).status_code == 202
    answer = await cc.client(cc.readonly).get(f"{cc.base}/setup/order-summary")
    assert answer.status_code == 200, answer.text
    assert answer.headers["content-type"] == "application/pdf"
    text = "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(answer.content)).pages)
    assert "Fjord Logistics AS" in text
    assert "Norway (NO)" in text
    assert "eu2" in text
    assert "Standard agent: 5" in text
    assert "Supervisor: 1" in text


async def test_chat_services_are_set_up_by_a_customer_administrator_only(cc: CcWorld) -> None:
    # R-CC-15: a customer administrator, never a partner administrator, after tenant setup
    job = await submitted(cc)
    early = await cc.client(cc.customer).post(f"{cc.base}/chat-services")
    assert early.status_code == 409
    await cc.until_done(job["id"])
    partner = await cc.client().post(f"{cc.base}/chat-services")
    assert partner.status_code == 403
    root = await cc.client(root_principal()).post(f"{cc.base}/chat-services")
    assert root.status_code == 403
    partner_org_admin = principal_below(root_principal(), Role.CUSTOMER_FULL_ADMIN, customer_id=cc.partner.customer_id)
    above = await cc.client(partner_org_admin).post(f"{cc.base}/chat-services")
    assert above.status_code == 403, above.text
    assert above.json()["rule"] == "R-CC-15"
    done = await cc.client(cc.cc_admin).post(f"{cc.base}/chat-services")
    assert done.status_code == 200, done.text
    assert done.json()["chat_services_set_up_at"] is not None
    again = await cc.client(cc.customer).post(f"{cc.base}/chat-services")
    assert again.json()["chat_services_set_up_at"] == done.json()["chat_services_set_up_at"]
    assert len(await cc.events("cc.chat_services_set_up.v1")) == 1
    tenant = next(t for t in cc.sandbox.tenants.values() if t.tenant_id == done.json()["tenant_id"])
    assert tenant.chat_services is True


async def test_another_partners_administrator_sees_no_setup_or_job(cc: CcWorld) -> None:
    job = await submitted(cc)
    stranger = cc.client(principal_below(root_principal(), Role.PARTNER_ADMIN))
    assert (await stranger.get(f"{cc.base}/setup")).status_code == 404
    assert (await stranger.get(f"{cc.base}/provisioning-jobs/{job['id']}")).status_code == 404
    assert (await stranger.post(f"{cc.base}/provisioning-runs")).status_code == 404


async def test_the_asyncapi_document_lists_the_contact_center_events(cc: CcWorld) -> None:
    document = (await cc.client().get("/asyncapi.json")).json()
    channel = document["channels"]["cc_setup.contact_center.v1"]
    assert "cc_active_v1" in channel["messages"]
    assert "send_cc_setup_contact_center_v1" in document["operations"]


class BrokenProvisioner:
    """A platform adapter that fails in a way nobody foresaw."""

    async def perform(self, step: str, request: TenantRequest) -> StepResult:
        raise RuntimeError("connection reset by peer")

    async def set_up_chat_services(self, tenant_id: str, *, key: str) -> str:
        raise RuntimeError("connection reset by peer")


async def test_an_unforeseen_adapter_error_is_tried_a_bounded_number_of_times(cc: CcWorld) -> None:
    job = await submitted(cc)
    runner = JobRunner(
        provisioner=BrokenProvisioner(), clock=cc.clock, step_time=timedelta(minutes=1), retry_wait=timedelta(), tries=2
    )
    timers = platform.timers
    for _ in range(2):
        async with cc.api.session() as session, session.begin():
            pending = select(timers).where(timers.c.key == job["id"], timers.c.fired_at.is_(None))
            timer = (await session.execute(pending)).one()
            await runner.on_timer(session, timer)
            await session.execute(timers.update().where(timers.c.id == timer.id).values(fired_at=cc.clock.now()))
    failed = await cc.job(job["id"])
    assert failed["state"] == "failed"
    assert failed["failed_step"] == "tenant"
    assert "RuntimeError: connection reset by peer" in failed["failure_reason"]


async def test_a_customer_suspended_while_provisioning_stops_its_job_until_a_re_run(cc: CcWorld) -> None:
    job = await submitted(cc)
    await cc.minutes_pass(1)
    await cc.deliver(CustomerSuspended(**cc.tenancy(), reason="unpaid invoices"))
    stopped = await cc.until_done(job["id"])
    assert stopped["state"] == "failed"
    assert stopped["failed_step"] == "telephony"
    assert stopped["failure_reason"] == "the customer is suspended: provisioning stopped"
    refused = await cc.client().post(f"{cc.base}/provisioning-runs")
    assert refused.status_code == 409
    assert refused.json()["type"].endswith("/customer-not-active")
    await cc.deliver(CustomerResumed(**cc.tenancy()))
    assert (await cc.client().post(f"{cc.base}/provisioning-runs")).status_code == 202
    assert (await cc.until_done(job["id"]))["state"] == "active"


async def test_the_customers_contact_center_administrator_walks_the_same_flow(cc: CcWorld) -> None:
    # R-CC-01: the same flow serves the partner administrator and the customer administrator
    await cc.map_order(cc.cc_admin, country="NO")
    await cc.ready("fjord-cc@cc.example", cc.cc_admin)
    answer = await cc.submit(cc.cc_admin)
    assert answer.status_code == 202, answer.text
    done = await cc.until_done(answer.json()["id"])
    assert done["state"] == "active"
    readonly = cc.client(cc.readonly)
    assert (await readonly.put(f"{cc.base}/setup/calling", json={"sip_address": "x@cc.example"})).status_code == 403
    assert (await readonly.get(f"{cc.base}/settings")).status_code == 200
