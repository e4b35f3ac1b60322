"""The sandbox tenant provisioner: tenants in memory, named from the job so a repeat answers the same tenant.

Test values, in the organisation SIP address's local part (before `@`), with <step> one of tenant, telephony,
digital_channels, administrator:

- `fail-<step>@...`: the step is refused, in every run;
- `fail-once-<step>@...`: the step is refused in the first run only, so a re-run succeeds;
- `flaky-<step>@...`: the step meets a passing fault on its first try of each run, and succeeds when tried again;
- `down-<step>@...`: the step meets a passing fault on every try, until the job gives up.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass, field

from cc_setup.provisioner.adapter import STEPS, ProvisionerUnavailable, StepRejected, StepResult, TenantRequest

_NAMESPACE = uuid.UUID("6c1f3e2a-0d4b-4c8e-9a7f-2b5d8e1c4f60")

REFUSALS = {
    "tenant": "the data center refused the tenant: the organisation SIP address is taken by another organisation",
    "telephony": "the telephony option could not be configured for the tenant",
    "digital_channels": "the digital channels workspace could not be created for the tenant",
    "administrator": "the first administrator could not be created in the tenant",
}


@dataclass
class SandboxTenant:
    tenant_id: str
    customer_id: uuid.UUID
    data_center: str
    platform: str
    telephony: str
    time_zone: str
    sip_address: str
    steps_done: list[str] = field(default_factory=list)
    administrator: str | None = None
    chat_services: bool = False


class SandboxProvisioner:
    def __init__(self) -> None:
        self.tenants: dict[str, SandboxTenant] = {}  # job_ref -> the one tenant it created
        self.calls: list[tuple[str, str, int, int]] = []  # (job_ref, step, run, attempt), for tests to read

    @staticmethod
    def tenant_id_for(job_ref: str) -> str:
        return f"cct-{uuid.uuid5(_NAMESPACE, job_ref).hex[:16]}"

    async def perform(self, step: str, request: TenantRequest) -> StepResult:
        if step not in STEPS:
            raise StepRejected(f"unknown provisioning step {step!r}")
        self.calls.append((request.job_ref, step, request.run, request.attempt))
        self._play_test_values(step, request)
        if step == "tenant":
            tenant = self.tenants.get(request.job_ref)
            if tenant is None:  # a repeated call for the job answers the tenant it created
                tenant = SandboxTenant(
                    tenant_id=self.tenant_id_for(request.job_ref),
                    customer_id=request.customer_id,
                    data_center=request.data_center,
                    platform=request.platform,
                    telephony=request.telephony,
                    time_zone=request.time_zone,
                    sip_address=request.sip_address,
                )
                self.tenants[request.job_ref] = tenant
            self._done(tenant, step)
            return StepResult(
                f"tenant {tenant.tenant_id} created in data center {tenant.data_center}", tenant.tenant_id
            )
        tenant = self.tenants.get(request.job_ref)
        if tenant is None:
            raise StepRejected(f"no tenant was created for job {request.job_ref}")
        self._done(tenant, step)
        if step == "telephony":
            return StepResult(f"telephony {request.telephony} configured")
        if step == "digital_channels":
            return StepResult(f"digital channels workspace created, time zone {request.time_zone}")
        tenant.administrator = request.administrator_email
        return StepResult(f"first administrator {request.administrator_email} created; invitation sent")

    async def set_up_chat_services(self, tenant_id: str, *, key: str) -> str:
        for tenant in self.tenants.values():
            if tenant.tenant_id == tenant_id:
                tenant.chat_services = True
                return f"chat services set up on tenant {tenant_id}"
        raise StepRejected(f"tenant {tenant_id} is not known to the platform")

    @staticmethod
    def _done(tenant: SandboxTenant, step: str) -> None:
        if step not in tenant.steps_done:
            tenant.steps_done.append(step)

    @staticmethod
    def _play_test_values(step: str, request: TenantRequest) -> None:
        local = request.sip_address.partition("@")[0]
        if local.startswith(f"fail-once-{step}") and request.run == 1:
            raise StepRejected(REFUSALS[step])
        if local.startswith(f"fail-{step}"):
            raise StepRejected(REFUSALS[step])
        if local.startswith(f"flaky-{step}") and request.attempt == 1:
            raise ProvisionerUnavailable(f"the platform timed out on the {step} step")
        if local.startswith(f"down-{step}"):
            raise ProvisionerUnavailable(f"the platform is not answering on the {step} step")
