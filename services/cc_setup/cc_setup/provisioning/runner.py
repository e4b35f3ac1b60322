"""Running a provisioning job on the durable timers: one step a timer, each a few minutes on the clock.

A step's timer calls the tenant provisioner in the timer's transaction, keyed by the job: a crash before the
commit fires the timer again and the provisioner answers the repeat with what it did, so a job makes one tenant.
A passing fault tries the step again after a growing wait; after the last try, or when the platform refuses the
step, the job fails with the reason and the desk to contact.
"""

from __future__ import annotations

import uuid
from datetime import timedelta
from typing import Any, Protocol

import structlog
from sqlalchemy import Row
from sqlalchemy.ext.asyncio import AsyncSession

from cc_setup.provisioner import ProvisionerUnavailable, StepRejected, StepResult, TenantProvisioner, TenantRequest
from cc_setup.provisioning.models import ProvisioningJob
from cc_setup.provisioning.repository import JobRepository
from cc_setup.setup.repository import SetupRepository
from cc_setup.support import PROVISIONING_FAULT
from contracts.enums import CustomerState
from contracts.events import ContactCenterActive, ContactCenterProvisioningFailed, ContactCenterProvisioningProgressed
from servicekit import Clock, emit, schedule_timer

log = structlog.get_logger()

STEP_TIMER = "cc.provisioning_step"
ACTIVE = (CustomerState.PROVISIONED, CustomerState.PROVISIONED_WITH_ERRORS)


class DigitalChannels(Protocol):
    """Connect's part of the tenant (R-CC-13): its own tenant in the digital-channels step, and its administrators
    once the tenant is active."""

    async def create_connect_tenant(self, session: AsyncSession, request: TenantRequest, tenant_path: str) -> str:
        """Raises ProvisionerUnavailable or StepRejected as the provisioner does; answers what was done."""

    async def on_tenant_active(self, session: AsyncSession, customer_id: uuid.UUID) -> None: ...


class JobRunner:
    def __init__(
        self,
        *,
        provisioner: TenantProvisioner,
        clock: Clock,
        step_time: timedelta,
        retry_wait: timedelta,
        tries: int,
        channels: DigitalChannels | None = None,
    ) -> None:
        self.provisioner = provisioner
        self.channels = channels
        self.clock = clock
        self.step_time = step_time
        self.retry_wait = retry_wait
        self.tries = tries

    async def schedule(self, session: AsyncSession, job: ProvisioningJob, step: str, attempt: int = 1) -> None:
        wait = self.step_time if attempt == 1 else self.retry_wait * 2 ** (attempt - 2)
        payload = {"job_id": str(job.id), "run": job.run, "step": step, "attempt": attempt}
        await schedule_timer(session, STEP_TIMER, str(job.id), self.clock.now() + wait, payload)

    async def on_timer(self, session: AsyncSession, timer: Row[Any]) -> None:
        payload = timer.payload
        job = await JobRepository.unscoped(session).by_id(uuid.UUID(payload["job_id"]), for_update=True)
        if job is None or job.state != "in_progress" or job.run != payload["run"]:
            return  # finished, failed or re-run since
        step, attempt = payload["step"], int(payload["attempt"])
        steps = [dict(s) for s in job.steps]
        entry = next((s for s in steps if s["step"] == step), None)
        if entry is None or entry["state"] == "succeeded":
            return
        now = self.clock.now().isoformat()
        state = await SetupRepository.unscoped(session).customer_state(job.customer_id)
        if state not in ACTIVE:  # suspended or cancelled meanwhile: no more work for it (a re-run may follow)
            entry |= {"attempts": attempt}
            await self._fail(session, job, steps, entry, f"the customer is {state}: provisioning stopped")
            return
        entry |= {"state": "in_progress", "attempts": attempt, "started_at": entry.get("started_at") or now}
        try:
            request = self._request(job, attempt)
            result = await self.provisioner.perform(step, request)
            if step == "digital_channels" and self.channels is not None:  # R-CC-13: connect with the tenant
                done = await self.channels.create_connect_tenant(session, request, job.tenant_path)
                result = StepResult(f"{result.detail}; {done}", result.tenant_id)
        except ProvisionerUnavailable as exc:
            await self._fault(session, job, steps, entry, attempt, str(exc))
            return
        except StepRejected as exc:
            await self._fail(session, job, steps, entry, exc.reason)
            return
        except Exception as exc:  # an adapter's unforeseen error counts as a passing fault: bounded tries, no loop
            log.exception("cc_provisioning.step_error", job_id=str(job.id), step=step)
            await self._fault(session, job, steps, entry, attempt, f"{type(exc).__name__}: {exc}")
            return
        await self._succeeded(session, job, steps, entry, result)

    def _request(self, job: ProvisioningJob, attempt: int) -> TenantRequest:
        r = job.request
        return TenantRequest(
            job_ref=str(job.id),
            run=job.run,
            attempt=attempt,
            customer_id=job.customer_id,
            customer_name=r["customer_name"],
            country=r["country"],
            data_center=r["data_center"],
            region=r["region"],
            platform=r["platform"],
            telephony=r["telephony"],
            time_zone=r["time_zone"],
            sip_address=r["sip_address"],
            administrator_email=r["administrator_email"],
            licences=dict(r["licences"]),
            addons=tuple(r["addons"]),
            tenant_id=job.tenant_id,
        )

    async def _succeeded(
        self,
        session: AsyncSession,
        job: ProvisioningJob,
        steps: list[dict[str, Any]],
        entry: dict[str, Any],
        result: StepResult,
    ) -> None:
        entry |= {"state": "succeeded", "finished_at": self.clock.now().isoformat(), "detail": result.detail}
        job.steps = steps
        if result.tenant_id:
            job.tenant_id = result.tenant_id
        await session.flush()
        await self._progressed(session, job, entry, "succeeded")
        following = next((s["step"] for s in steps if s["state"] != "succeeded"), None)
        if following is not None:
            await self.schedule(session, job, following)
            return
        await self._activate(session, job)

    async def _activate(self, session: AsyncSession, job: ProvisioningJob) -> None:
        now = self.clock.now()
        job.state, job.completed_at = "active", now
        setup = await SetupRepository.unscoped(session).get(job.customer_id, for_update=True)
        assert setup is not None
        assert job.tenant_id is not None
        setup.state, setup.tenant_id, setup.activated_at = "active", job.tenant_id, now  # R-CC-03: setup completed
        await session.flush()
        r = job.request
        await emit(
            session,
            ContactCenterActive(
                customer_id=job.customer_id,
                tenant_path=job.tenant_path,
                job_id=job.id,
                tenant_id=job.tenant_id,
                data_center=r["data_center"],
                platform=r["platform"],
                telephony=r["telephony"],
                time_zone=r["time_zone"],
                activated_at=now,
            ),
        )
        if self.channels is not None:  # R-CC-14: administrators waiting for the tenant are invited now
            await self.channels.on_tenant_active(session, job.customer_id)

    async def _fault(
        self,
        session: AsyncSession,
        job: ProvisioningJob,
        steps: list[dict[str, Any]],
        entry: dict[str, Any],
        attempt: int,
        detail: str,
    ) -> None:
        if attempt >= self.tries:
            reason = f"the platform did not complete the {entry['step']} step after {attempt} tries: {detail}"
            await self._fail(session, job, steps, entry, reason)
            return
        entry |= {"state": "retrying", "detail": detail}
        job.steps = steps
        await session.flush()
        log.warning("cc_provisioning.step_retrying", job_id=str(job.id), step=entry["step"], attempt=attempt)
        await self._progressed(session, job, entry, "retrying")
        await self.schedule(session, job, entry["step"], attempt + 1)

    async def _fail(
        self,
        session: AsyncSession,
        job: ProvisioningJob,
        steps: list[dict[str, Any]],
        entry: dict[str, Any],
        reason: str,
    ) -> None:
        now = self.clock.now()
        entry |= {"state": "failed", "finished_at": now.isoformat(), "detail": reason}
        job.steps, job.state, job.completed_at = steps, "failed", now
        job.failed_step, job.failure_reason = entry["step"], reason
        setup = await SetupRepository.unscoped(session).get(job.customer_id, for_update=True)
        assert setup is not None
        setup.state = "failed"
        await session.flush()
        log.warning("cc_provisioning.failed", job_id=str(job.id), step=entry["step"], reason=reason)
        await emit(
            session,
            ContactCenterProvisioningFailed(
                customer_id=job.customer_id,
                tenant_path=job.tenant_path,
                job_id=job.id,
                step=entry["step"],
                reason=reason,
                desk=PROVISIONING_FAULT.desk,
            ),
        )

    async def _progressed(self, session: AsyncSession, job: ProvisioningJob, entry: dict[str, Any], state: str) -> None:
        await emit(
            session,
            ContactCenterProvisioningProgressed(
                customer_id=job.customer_id,
                tenant_path=job.tenant_path,
                job_id=job.id,
                step=entry["step"],
                state=state,  # type: ignore[arg-type]
                attempt=entry["attempts"],
                detail=entry.get("detail"),
            ),
        )
