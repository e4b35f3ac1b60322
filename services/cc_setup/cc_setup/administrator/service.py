"""Administrators in connect (R-CC-13, R-CC-14): the connect tenant created with the contact-center tenant, each
administrator added there with the mapped role once the platform account is active and the tenant is, the connect
invitation emailed, and its lapse after 7 business days in the tenant's time zone and country."""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from datetime import datetime, timedelta
from email.message import EmailMessage
from typing import Any
from zoneinfo import ZoneInfo

import structlog
from sqlalchemy import Row
from sqlalchemy.ext.asyncio import AsyncSession

from cc_setup.administrator.errors import AdministratorNotFound, AdministratorNotLapsed, PartnerAdministratorKnown
from cc_setup.administrator.models import ConnectAdministrator, ConnectTenantRecord
from cc_setup.administrator.repository import AdministratorRepository
from cc_setup.business_days import add_business_days
from cc_setup.connect import ConnectRefused, ConnectService, ConnectTenantRequest, ConnectUnavailable
from cc_setup.provisioner import ProvisionerUnavailable, StepRejected, TenantRequest
from cc_setup.role_mapping import PARTNER_CONNECT_ROLE, TENANT_OWNER, connect_role_for
from cc_setup.setup.repository import SetupRepository
from contracts.enums import Role
from contracts.events import (
    AccountActivated,
    ContactCenterAdministratorActivated,
    ContactCenterAdministratorInvited,
    ContactCenterInvitationLapsed,
)
from servicekit import Clock, CustomerDirectory, Mailer, PageRequest, Principal, cancel_timer, emit, schedule_timer

log = structlog.get_logger()

INVITE_TIMER = "cc.connect_invite"
LAPSE_TIMER = "cc.connect_invitation_lapse"
PARTNER_ADMIN = Role.PARTNER_ADMIN.value


class AdministratorService:
    def __init__(
        self,
        *,
        directory: CustomerDirectory,
        connect: ConnectService,
        mailer: Mailer,
        clock: Clock,
        lapse_business_days: int,
        retry_wait: timedelta,
    ) -> None:
        self.directory = directory
        self.connect = connect
        self.mailer = mailer
        self.clock = clock
        self.lapse_business_days = lapse_business_days
        self.retry_wait = retry_wait

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
            await self._invite_soon(session, administrator)

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
        await self._invite_soon(session, administrator)

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
        await self._invite_soon(session, administrator)
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
        await self._invite_soon(session, administrator)
        return administrator

    async def on_account_known(self, session: AsyncSession, administrator: ConnectAdministrator) -> None:
        """Invite an administrator whose platform account is active already (added again from connect)."""
        await self._invite_soon(session, administrator)

    async def _invite_soon(self, session: AsyncSession, administrator: ConnectAdministrator) -> None:
        """Send the invitation from a timer once the tenant is active: connect and SMTP are called outside the
        consumer's transaction, and a passing fault is tried again."""
        if administrator.account_id is None and administrator.platform_role != PARTNER_ADMIN:
            return  # R-CC-14: the platform invitation comes first, it creates the account
        setup = await SetupRepository.unscoped(session).get(administrator.customer_id)
        tenant = await AdministratorRepository.unscoped(session).tenant(administrator.customer_id)
        if setup is None or setup.state != "active" or tenant is None:
            return  # invited when the tenant becomes active (on_tenant_active)
        payload = {"administrator_id": str(administrator.id), "invitation": administrator.invitations + 1}
        await schedule_timer(session, INVITE_TIMER, str(administrator.id), self.clock.now(), payload)

    async def on_invite_timer(self, session: AsyncSession, timer: Row[Any]) -> None:
        repo = AdministratorRepository.unscoped(session)
        administrator = await repo.by_id(uuid.UUID(timer.payload["administrator_id"]), for_update=True)
        if administrator is None or administrator.state != "pending":
            return
        tenant = await repo.tenant(administrator.customer_id)
        assert tenant is not None
        owner = administrator.email == tenant.owner_email
        role = TENANT_OWNER if owner else administrator.connect_role  # R-CC-14: the first administrator owns it
        engage = administrator.platform_role != PARTNER_ADMIN  # R-CC-13: partner administrators never get engage
        number, now = administrator.invitations + 1, self.clock.now()
        try:
            user = await self.connect.add_user(
                tenant.connect_tenant_id,
                email=administrator.email,
                role=role,
                engage=engage,
                key=f"{administrator.id}:{number}",
            )
            lapses_at = add_business_days(
                now,
                self.lapse_business_days,  # R-CC-14: 7 business days
                time_zone=tenant.time_zone,  # R-CC-07: the tenant's time zone
                country=tenant.country,
            )
            if user.invitation_url is not None:  # a user signed in already has no invitation to send
                await self.mailer.send(self._invitation(administrator.email, tenant, user.invitation_url, lapses_at))
        except ConnectRefused as exc:
            log.warning("cc_connect.invitation_refused", administrator_id=str(administrator.id), reason=str(exc))
            return
        except Exception as exc:  # connect or the mail server passing by: tried again, the same user answered
            log.warning("cc_connect.invitation_retry", administrator_id=str(administrator.id), error=str(exc))
            await schedule_timer(
                session, INVITE_TIMER, str(administrator.id), self.clock.now() + self.retry_wait, dict(timer.payload)
            )
            return
        administrator.state, administrator.invitations = "invited", number
        administrator.connect_user_id, administrator.connect_role, administrator.engage = user.user_id, role, engage
        administrator.tenant_owner = owner
        administrator.invited_at, administrator.lapses_at = now, lapses_at
        administrator.activated_at = administrator.lapsed_at = None
        await session.flush()
        await schedule_timer(
            session,
            LAPSE_TIMER,
            str(administrator.id),
            lapses_at,
            {"administrator_id": str(administrator.id), "invitation": number},
        )
        await emit(
            session,
            ContactCenterAdministratorInvited(
                customer_id=administrator.customer_id,
                tenant_path=administrator.tenant_path,
                administrator_id=administrator.id,
                account_id=administrator.account_id,
                email=administrator.email,
                connect_role=role,
                connect_user_id=user.user_id,
                engage=engage,
                invited_at=now,
                lapses_at=lapses_at,
            ),
        )
        if user.state == "active":  # in connect and signed in already: nothing to wait for
            await self.signed_in(session, administrator)

    def _invitation(self, email: str, tenant: ConnectTenantRecord, url: str, lapses_at: datetime) -> EmailMessage:
        local = lapses_at.astimezone(ZoneInfo(tenant.time_zone))
        message = EmailMessage()
        message["To"] = email
        message["Subject"] = "Your invitation to digital channels (connect)"
        message.set_content(
            "You have been added to your organisation's digital channels (connect).\n\n"
            f"Accept the invitation and sign in: {url}\n\n"
            f"The invitation lapses if you have not signed in by {local:%A %d %B %Y %H:%M} ({tenant.time_zone});\n"
            "after that an administrator must add you again.\n"
        )
        return message

    # first sign-in and lapse

    async def signed_in(self, session: AsyncSession, administrator: ConnectAdministrator) -> None:
        if administrator.state != "invited":
            return
        now = self.clock.now()
        administrator.state, administrator.activated_at = "active", now  # R-CC-14: active on first sign-in
        await session.flush()
        await cancel_timer(session, LAPSE_TIMER, str(administrator.id), now=now)
        assert administrator.connect_user_id is not None
        await emit(
            session,
            ContactCenterAdministratorActivated(
                customer_id=administrator.customer_id,
                tenant_path=administrator.tenant_path,
                administrator_id=administrator.id,
                account_id=administrator.account_id,
                email=administrator.email,
                connect_user_id=administrator.connect_user_id,
                activated_at=now,
            ),
        )

    async def on_lapse_timer(self, session: AsyncSession, timer: Row[Any]) -> None:
        repo = AdministratorRepository.unscoped(session)
        administrator = await repo.by_id(uuid.UUID(timer.payload["administrator_id"]), for_update=True)
        if administrator is None or administrator.state != "invited":
            return
        if administrator.invitations != timer.payload["invitation"]:
            return  # an earlier invitation's deadline
        tenant = await repo.tenant(administrator.customer_id)
        assert tenant is not None
        assert administrator.connect_user_id is not None
        try:
            await self.connect.revoke_invitation(tenant.connect_tenant_id, administrator.connect_user_id)
        except ConnectUnavailable:
            await schedule_timer(
                session, LAPSE_TIMER, str(administrator.id), self.clock.now() + self.retry_wait, dict(timer.payload)
            )
            return
        except ConnectRefused as exc:  # connect no longer has the user: the invitation is gone all the same
            log.warning("cc_connect.revoke_refused", administrator_id=str(administrator.id), reason=str(exc))
        now = self.clock.now()
        administrator.state, administrator.lapsed_at = "lapsed", now  # R-CC-14: not activated in 7 business days
        await session.flush()
        assert administrator.invited_at is not None
        await emit(
            session,
            ContactCenterInvitationLapsed(
                customer_id=administrator.customer_id,
                tenant_path=administrator.tenant_path,
                administrator_id=administrator.id,
                account_id=administrator.account_id,
                email=administrator.email,
                connect_user_id=administrator.connect_user_id,
                invited_at=administrator.invited_at,
                lapsed_at=now,
            ),
        )

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
