"""Submitting the setup (R-CC-11): one provisioning job a customer, followed step by step, re-run when it failed."""

from __future__ import annotations

import asyncio
import time
import uuid

from sqlalchemy.ext.asyncio import AsyncSession

from cc_setup.provisioner import STEPS
from cc_setup.provisioning.errors import JobNotFailed, JobNotFound
from cc_setup.provisioning.models import ProvisioningJob
from cc_setup.provisioning.repository import JobRepository
from cc_setup.provisioning.runner import JobRunner
from cc_setup.setup import rules
from cc_setup.setup.errors import SetupIncomplete
from cc_setup.setup.repository import SetupRepository
from cc_setup.setup.service import SetupService
from contracts.events import ContactCenterSetupSubmitted
from servicekit import Clock, CustomerDirectory, Principal, emit


class ProvisioningService:
    def __init__(
        self,
        *,
        directory: CustomerDirectory,
        setups: SetupService,
        runner: JobRunner,
        clock: Clock,
        max_wait_seconds: float,
        wait_poll_seconds: float,
    ) -> None:
        self.directory = directory
        self.setups = setups
        self.runner = runner
        self.clock = clock
        self.max_wait_seconds = max_wait_seconds
        self.wait_poll_seconds = wait_poll_seconds

    async def submit(self, session: AsyncSession, customer_id: uuid.UUID, *, principal: Principal) -> ProvisioningJob:
        """Start provisioning the tenant; a repeated submit answers the job it started (R-CC-11)."""
        setup, order = await self.setups.get(session, customer_id, principal=principal, for_update=True)
        jobs = JobRepository.for_caller(session, principal)
        if setup.state != "in_progress":
            job = await jobs.of_customer(customer_id)
            assert job is not None
            return job  # submitted already: one job, one tenant
        await self.directory.require_active(session, customer_id, principal=principal)
        if gaps := rules.missing(setup):
            raise SetupIncomplete(gaps)  # R-CC-04: every step comes before the submit
        name = await SetupRepository.unscoped(session).customer_name(customer_id)
        job = await jobs.add(
            ProvisioningJob(
                customer_id=customer_id,
                tenant_path=setup.tenant_path,
                steps=[{"step": s, "state": "pending", "attempts": 0} for s in STEPS],
                request={
                    "customer_name": name or str(customer_id),
                    "country": setup.country,
                    "data_center": setup.data_center,
                    "region": setup.region,
                    "platform": setup.platform,
                    "telephony": setup.telephony,
                    "time_zone": setup.time_zone,
                    "sip_address": setup.sip_address,
                    "administrator_email": order.administrator_email,
                    "licences": order.licences,
                    "addons": order.addons,
                },
                submitted_by=principal.client_id,
            )
        )
        setup.state = "submitted"
        setup.submitted_at, setup.submitted_by = self.clock.now(), principal.client_id
        await session.flush()
        await self.runner.schedule(session, job, STEPS[0])  # R-CC-11: asynchronous, minutes on the clock
        await self._submitted(session, job, principal)
        return job

    async def rerun(self, session: AsyncSession, customer_id: uuid.UUID, *, principal: Principal) -> ProvisioningJob:
        """Run a failed job again from the step that failed; what succeeded stays (the same tenant)."""
        await self.directory.require_active(session, customer_id, principal=principal)
        # The job before the setup, as a step's timer locks them: a re-run never deadlocks with a firing.
        job = await JobRepository.for_caller(session, principal).of_customer(customer_id, for_update=True)
        if job is None:
            raise JobNotFound(customer_id)
        setup, _ = await self.setups.get(session, customer_id, principal=principal, for_update=True)
        if job.state != "failed":
            raise JobNotFailed(job.state)
        job.run += 1
        job.state, job.completed_at, job.failed_step, job.failure_reason = "in_progress", None, None, None
        job.steps = [
            s if s["state"] == "succeeded" else {"step": s["step"], "state": "pending", "attempts": 0}
            for s in job.steps
        ]
        setup.state = "submitted"
        await session.flush()
        first = next(s["step"] for s in job.steps if s["state"] != "succeeded")
        await self.runner.schedule(session, job, first)
        await self._submitted(session, job, principal)
        return job

    async def _submitted(self, session: AsyncSession, job: ProvisioningJob, principal: Principal) -> None:
        r = job.request
        await emit(
            session,
            ContactCenterSetupSubmitted(
                customer_id=job.customer_id,
                tenant_path=job.tenant_path,
                job_id=job.id,
                run=job.run,
                country=r["country"],
                data_center=r["data_center"],
                platform=r["platform"],
                telephony=r["telephony"],
                time_zone=r["time_zone"],
                submitted_by=principal.client_id,
            ),
        )

    async def get(
        self,
        session: AsyncSession,
        customer_id: uuid.UUID,
        job_id: uuid.UUID | None = None,
        *,
        principal: Principal,
        wait: float = 0,
        seen_version: int | None = None,
    ) -> ProvisioningJob:
        """The job; with `wait`, once it changes (from `seen_version`, else from now), ends, or the wait is over."""
        await self.directory.get(session, customer_id, principal=principal)
        jobs = JobRepository.for_caller(session, principal)
        job = await jobs.of_customer(customer_id)
        if job is None or (job_id is not None and job.id != job_id):
            raise JobNotFound(customer_id)
        seen = job.version if seen_version is None else seen_version
        deadline = time.monotonic() + min(max(wait, 0), self.max_wait_seconds)
        while job.version == seen and job.state == "in_progress" and time.monotonic() < deadline:
            await asyncio.sleep(min(self.wait_poll_seconds, max(deadline - time.monotonic(), 0)))
            job = await jobs.of_customer(customer_id, fresh=True) or job
        return job
