"""What cc_setup asks of a contact-center platform: each provisioning step of a tenant, keyed by the job.

A step is called again after a crash or a passing fault with the same `job_ref`: an adapter answers a repeat with
what the first call did (one tenant per job, never two), the way cloud platforms take an idempotency token.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass, field
from typing import Protocol

# The steps of a tenant's provisioning, in order: the tenant in its data center, its telephony, its digital
# channels (provisioned with the tenant, R-CC-13), and the first administrator.
STEPS = ("tenant", "telephony", "digital_channels", "administrator")


@dataclass(frozen=True)
class TenantRequest:
    job_ref: str  # the provisioning job's id: the idempotency key of every call
    run: int  # 1, then 2 and on for re-runs of a failed job
    attempt: int  # tries of this step in this run, from 1
    customer_id: uuid.UUID
    customer_name: str
    country: str
    data_center: str
    region: str
    platform: str
    telephony: str
    time_zone: str
    sip_address: str
    administrator_email: str
    licences: dict[str, int] = field(default_factory=dict)
    addons: tuple[str, ...] = ()
    tenant_id: str | None = None  # known once the tenant step succeeded


@dataclass(frozen=True)
class StepResult:
    detail: str  # what the step did, as the job shows it
    tenant_id: str | None = None  # the tenant step's answer


class ProvisionerUnavailable(Exception):
    """A passing fault (timeout, throttling, the platform down): the step is tried again later."""


class StepRejected(Exception):
    """The platform refused the step for good; re-running the job after a fix may succeed."""

    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason


class TenantProvisioner(Protocol):
    async def perform(self, step: str, request: TenantRequest) -> StepResult:
        """Carry out one step; raises ProvisionerUnavailable (try again) or StepRejected (the job fails)."""

    async def set_up_chat_services(self, tenant_id: str, *, key: str) -> str:
        """Set up the tenant's chat services (R-CC-15); answers what was set up. Idempotent per key."""
