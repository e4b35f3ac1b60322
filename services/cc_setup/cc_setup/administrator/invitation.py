"""The connect invitation (R-CC-14): sent from a durable timer once the platform account and the tenant are active,
emailed over SMTP, lapsing after 7 business days in the tenant's time zone and country unless the first sign-in in
connect comes first."""

from __future__ import annotations

import uuid
from datetime import datetime, timedelta
from email.message import EmailMessage
from typing import Any
from zoneinfo import ZoneInfo

import structlog
from sqlalchemy import Row
from sqlalchemy.ext.asyncio import AsyncSession

from cc_setup.administrator.models import ConnectAdministrator, ConnectTenantRecord
from cc_setup.administrator.repository import AdministratorRepository
from cc_setup.business_days import add_business_days
from cc_setup.connect import ConnectRefused, ConnectService, ConnectUnavailable
from cc_setup.role_mapping import TENANT_OWNER
from cc_setup.setup.repository import SetupRepository
from contracts.enums import Role
from contracts.events import (
    ContactCenterAdministratorActivated,
    ContactCenterAdministratorInvited,
    ContactCenterInvitationLapsed,
)
from servicekit import Clock, Mailer, cancel_timer, emit, schedule_timer

log = structlog.get_logger()

INVITE_TIMER = "cc.connect_invite"
LAPSE_TIMER = "cc.connect_invitation_lapse"
PARTNER_ADMIN = Role.PARTNER_ADMIN.value


class InvitationService:
    def __init__(
        self,
        *,
        connect: ConnectService,
        mailer: Mailer,
        clock: Clock,
        lapse_business_days: int,
        retry_wait: timedelta,
        tries: int,
    ) -> None:
        self.connect = connect
        self.mailer = mailer
        self.clock = clock
        self.lapse_business_days = lapse_business_days
        self.retry_wait = retry_wait
        self.tries = tries

    async def again(self, session: AsyncSession, kind: str, timer: Row[Any]) -> bool:
        """Try the timer's work again after a growing wait; False once its tries are spent."""
        attempt = int(timer.payload.get("attempt", 1))
        if attempt >= self.tries:
            return False
        payload = dict(timer.payload) | {"attempt": attempt + 1}
        due = self.clock.now() + self.retry_wait * 2 ** (attempt - 1)
        await schedule_timer(session, kind, timer.key, due, payload)
        return True

    async def schedule(self, session: AsyncSession, administrator: ConnectAdministrator) -> None:
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
            if not await self.again(session, INVITE_TIMER, timer):
                log.error("cc_connect.invitation_gave_up", administrator_id=str(administrator.id), error=str(exc))
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
        except ConnectUnavailable as exc:
            if await self.again(session, LAPSE_TIMER, timer):
                return
            # connect stayed down: the invitation lapses here all the same, its revocation is logged to be redone
            log.error("cc_connect.revoke_gave_up", administrator_id=str(administrator.id), error=str(exc))
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
