"""Administrators in connect (R-CC-13, R-CC-14): the connect tenant created with the contact-center tenant, and each
administrator added there with the mapped role once the platform account is active and the tenant is (the
invitation itself: invitation.py)."""

from __future__ import annotations

import uuid
from collections.abc import Sequence

import structlog
from sqlalchemy.ext.asyncio import AsyncSession

from cc_setup.administrator.errors import AdministratorNotFound, AdministratorNotLapsed, PartnerAdministratorKnown
from cc_setup.administrator.invitation import PARTNER_ADMIN, InvitationService
from cc_setup.administrator.models import ConnectAdministrator, ConnectTenantRecord
from cc_setup.administrator.repository import AdministratorRepository
from cc_setup.connect import ConnectRefused, ConnectService, ConnectTenantRequest, ConnectUnavailable
from cc_setup.provisioner import ProvisionerUnavailable, StepRejected, TenantRequest
from cc_setup.role_mapping import PARTNER_CONNECT_ROLE, connect_role_for
from cc_setup.setup.repository import SetupRepository
from contracts.events import (
    AccountActivated,
)
from servicekit import CustomerDirectory, PageRequest, Principal

log = structlog.get_logger()


class AdministratorService:
    def __init__(
        self, *, directory: CustomerDirectory, connect: ConnectService, invitations: InvitationService
    ) -> None:
        self.directory = directory
        self.connect = connect
        self.invitations = invitations

    # the connect tenant, in the provisioning job's digital-channels step

    async def create_connect_tenant(self, session: AsyncSession, request: TenantRequest, tenant_path: str) -> str:
        """Create the connect tenant with the contact-center tenant (R-CC-13); answers what the step did."""
        try:
            tenant = await self.connect.create_tenant(
                ConnectTenantRequest(
                    key=request.job_ref,
                    customer_id=request.customer_id,
                    name=request.customer_name,
                    country=request.country,
                    time_zone=request.time_zone,  # R-CC-07: the tenant's time zone is the one connect uses
                    data_center=request.data_center,
                    owner_email=request.administrator_email,  # R-CC-14: the first administrator owns it
                )
            )
        except ConnectUnavailable as exc:
            raise ProvisionerUnavailable(f"connect: {exc}") from exc
        except ConnectRefused as exc:
            raise StepRejected(f"connect refused the tenant: {exc}") from exc
        await AdministratorRepository.unscoped(session).keep_tenant(
            ConnectTenantRecord(
                customer_id=request.customer_id,
                tenant_path=tenant_path,
                connect_tenant_id=tenant.tenant_id,
                country=request.country,
                time_zone=tenant.time_zone,
                owner_email=tenant.owner_email.lower(),
            )
        )
        return f"connect tenant {tenant.tenant_id}, time zone {tenant.time_zone}"

    async def on_tenant_active(self, session: AsyncSession, customer_id: uuid.UUID) -> None:
        """The tenant is active: invite those whose platform account became active before it (R-CC-14)."""
        for administrator in await AdministratorRepository.unscoped(session).pending(customer_id):
            await self.invitations.schedule(session, administrator)

    # flow 4: an active platform account is added to connect

    async def on_account_activated(self, session: AsyncSession, event: AccountActivated) -> None:
        repo = AdministratorRepository.unscoped(session)
        email = event.email.lower()
        administrator = await repo.by_email(event.customer_id, email, for_update=True)
        if administrator is None:
            administrator = await repo.add(
                ConnectAdministrator(
                    customer_id=event.customer_id,
                    tenant_path=event.tenant_path,
                    email=email,
                    platform_role=event.role,
                    connect_role=connect_role_for(event.role),  # R-CC-13: table 1
                    state="pending",
                )
            )
        elif administrator.state in ("invited", "active"):
            administrator.account_id = event.account_id
            await session.flush()
            return  # in connect already
        elif administrator.connect_user_id is None:  # added from the platform: its role decides
            administrator.platform_role = event.role
            administrator.connect_role = connect_role_for(event.role)  # R-CC-13: table 1
        administrator.account_id = event.account_id
        administrator.state = "pending"
        await session.flush()
        await self.invitations.schedule(session, administrator)

    async def add_partner_administrator(
        self, session: AsyncSession, customer_id: uuid.UUID, email: str, *, principal: Principal
    ) -> ConnectAdministrator:
        """A partner administrator uses the customer's connect too, never engage (R-CC-13)."""
        await self.directory.require_active(session, customer_id, principal=principal)
        repo = AdministratorRepository.for_caller(session, principal)
        email = email.lower()
        administrator = await repo.by_email(customer_id, email, for_update=True)
        if administrator is not None and administrator.state != "lapsed":
            raise PartnerAdministratorKnown(email, administrator.state)
        if administrator is None:
            tenant_path = await SetupRepository.unscoped(session).tenant_path_of(customer_id)
            administrator = await repo.add(
                ConnectAdministrator(
                    customer_id=customer_id,
                    tenant_path=tenant_path,
                    email=email,
                    platform_role=PARTNER_ADMIN,
                    connect_role=PARTNER_CONNECT_ROLE,
                    state="pending",
                )
            )
        administrator.state = "pending"
        await session.flush()
        await self.invitations.schedule(session, administrator)
        return administrator

    async def add_again(
        self, session: AsyncSession, customer_id: uuid.UUID, administrator_id: uuid.UUID, *, principal: Principal
    ) -> ConnectAdministrator:
        """Add a lapsed administrator again from the platform: a new connect invitation (R-CC-14)."""
        await self.directory.require_active(session, customer_id, principal=principal)
        administrator = await AdministratorRepository.for_caller(session, principal).get(
            customer_id, administrator_id, for_update=True
        )
        if administrator is None:
            raise AdministratorNotFound(customer_id)
        if administrator.state != "lapsed":
            raise AdministratorNotLapsed(administrator.state)  # R-CC-14: a lapsed invitation is added again
        administrator.state = "pending"
        await session.flush()
        await self.invitations.schedule(session, administrator)
        return administrator

    # reads

    async def list(
        self, session: AsyncSession, customer_id: uuid.UUID, page: PageRequest, *, principal: Principal
    ) -> Sequence[ConnectAdministrator]:
        await self.directory.get(session, customer_id, principal=principal)
        return await AdministratorRepository.for_caller(session, principal).list(customer_id, page)

    async def get(
        self, session: AsyncSession, customer_id: uuid.UUID, administrator_id: uuid.UUID, *, principal: Principal
    ) -> ConnectAdministrator:
        await self.directory.get(session, customer_id, principal=principal)
        administrator = await AdministratorRepository.for_caller(session, principal).get(customer_id, administrator_id)
        if administrator is None:
            raise AdministratorNotFound(customer_id)
        return administrator
