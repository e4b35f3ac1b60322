"""All SQL on connect tenants, connect administrators, role changes and received webhooks."""

from __future__ import annotations

import uuid
from collections.abc import Sequence

from sqlalchemy import select
from sqlalchemy.dialects.postgresql import insert

from cc_setup.administrator.models import (
    ConnectAdministrator,
    ConnectRoleChange,
    ConnectTenantRecord,
    ConnectWebhookReceived,
)
from servicekit import PageRequest, TenantRepository, paginate


class AdministratorRepository(TenantRepository):
    async def add(self, administrator: ConnectAdministrator) -> ConnectAdministrator:
        self.session.add(administrator)
        await self.session.flush()
        return administrator

    async def get(
        self, customer_id: uuid.UUID, administrator_id: uuid.UUID, *, for_update: bool = False
    ) -> ConnectAdministrator | None:
        stmt = select(ConnectAdministrator).where(
            self.in_tenant(ConnectAdministrator.tenant_path),
            ConnectAdministrator.customer_id == customer_id,
            ConnectAdministrator.id == administrator_id,
        )
        if for_update:
            stmt = stmt.with_for_update().execution_options(populate_existing=True)
        return await self.session.scalar(stmt)

    async def by_id(self, administrator_id: uuid.UUID, *, for_update: bool = False) -> ConnectAdministrator | None:
        stmt = select(ConnectAdministrator).where(
            self.in_tenant(ConnectAdministrator.tenant_path), ConnectAdministrator.id == administrator_id
        )
        if for_update:
            stmt = stmt.with_for_update().execution_options(populate_existing=True)
        return await self.session.scalar(stmt)

    async def by_email(
        self, customer_id: uuid.UUID, email: str, *, for_update: bool = False
    ) -> ConnectAdministrator | None:
        stmt = select(ConnectAdministrator).where(
            self.in_tenant(ConnectAdministrator.tenant_path),
            ConnectAdministrator.customer_id == customer_id,
            ConnectAdministrator.email == email.lower(),
        )
        if for_update:
            stmt = stmt.with_for_update().execution_options(populate_existing=True)
        return await self.session.scalar(stmt)

    async def by_connect_user(self, connect_user_id: str, *, for_update: bool = False) -> ConnectAdministrator | None:
        stmt = select(ConnectAdministrator).where(
            self.in_tenant(ConnectAdministrator.tenant_path), ConnectAdministrator.connect_user_id == connect_user_id
        )
        if for_update:
            stmt = stmt.with_for_update().execution_options(populate_existing=True)
        return await self.session.scalar(stmt)

    async def pending(self, customer_id: uuid.UUID) -> Sequence[ConnectAdministrator]:
        """Those waiting for the tenant, with an active platform account (or a partner administrator's)."""
        stmt = select(ConnectAdministrator).where(
            self.in_tenant(ConnectAdministrator.tenant_path),
            ConnectAdministrator.customer_id == customer_id,
            ConnectAdministrator.state == "pending",
            (ConnectAdministrator.account_id.is_not(None)) | (ConnectAdministrator.platform_role == "partner_admin"),
        )
        return (await self.session.scalars(stmt.with_for_update())).all()

    async def list(self, customer_id: uuid.UUID, page: PageRequest) -> Sequence[ConnectAdministrator]:
        stmt = select(ConnectAdministrator).where(
            self.in_tenant(ConnectAdministrator.tenant_path), ConnectAdministrator.customer_id == customer_id
        )
        return (
            await self.session.scalars(paginate(stmt, ConnectAdministrator.created_at, ConnectAdministrator.id, page))
        ).all()

    # the connect tenant

    async def tenant(self, customer_id: uuid.UUID) -> ConnectTenantRecord | None:
        stmt = select(ConnectTenantRecord).where(
            self.in_tenant(ConnectTenantRecord.tenant_path), ConnectTenantRecord.customer_id == customer_id
        )
        return await self.session.scalar(stmt)

    async def tenant_by_connect_id(self, connect_tenant_id: str) -> ConnectTenantRecord | None:
        stmt = select(ConnectTenantRecord).where(
            self.in_tenant(ConnectTenantRecord.tenant_path), ConnectTenantRecord.connect_tenant_id == connect_tenant_id
        )
        return await self.session.scalar(stmt)

    async def keep_tenant(self, record: ConnectTenantRecord) -> None:
        if await self.session.get(ConnectTenantRecord, record.customer_id) is None:
            self.session.add(record)
            await self.session.flush()

    # changes and webhooks, applied once

    async def change(self, change_id: uuid.UUID) -> ConnectRoleChange | None:
        return await self.session.get(ConnectRoleChange, change_id)

    async def record_change(self, change: ConnectRoleChange) -> None:
        self.session.add(change)
        await self.session.flush()

    async def claim_webhook(self, webhook_id: str, kind: str) -> bool:
        """Record the webhook; False when it was applied already."""
        stmt = (
            insert(ConnectWebhookReceived)
            .values(webhook_id=webhook_id, type=kind)
            .on_conflict_do_nothing()
            .returning(ConnectWebhookReceived.webhook_id)
        )
        return (await self.session.execute(stmt)).scalar_one_or_none() is not None
