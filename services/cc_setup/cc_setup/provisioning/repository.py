"""All SQL on provisioning jobs."""

from __future__ import annotations

import uuid

from sqlalchemy import select

from cc_setup.provisioning.models import ProvisioningJob
from servicekit import TenantRepository


class JobRepository(TenantRepository):
    async def add(self, job: ProvisioningJob) -> ProvisioningJob:
        self.session.add(job)
        await self.session.flush()
        return job

    async def of_customer(
        self, customer_id: uuid.UUID, *, for_update: bool = False, fresh: bool = False
    ) -> ProvisioningJob | None:
        stmt = select(ProvisioningJob).where(
            self.in_tenant(ProvisioningJob.tenant_path), ProvisioningJob.customer_id == customer_id
        )
        if for_update:
            stmt = stmt.with_for_update()
        if fresh:  # read what other transactions committed since, not the session's copy
            stmt = stmt.execution_options(populate_existing=True)
        return await self.session.scalar(stmt)

    async def by_id(self, job_id: uuid.UUID, *, for_update: bool = False) -> ProvisioningJob | None:
        stmt = select(ProvisioningJob).where(self.in_tenant(ProvisioningJob.tenant_path), ProvisioningJob.id == job_id)
        if for_update:
            stmt = stmt.with_for_update().execution_options(populate_existing=True)
        return await self.session.scalar(stmt)
