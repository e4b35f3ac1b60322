"""Roles kept in step both ways (R-CC-13) and users added in connect (R-CC-14).

A change carries a `change_id` around both systems and is recorded here once: a change that comes back (the
platform's echo of a change made in connect) is recognised and never pushed again.
"""

from __future__ import annotations

import uuid
from typing import Any

import structlog
from sqlalchemy import Row
from sqlalchemy.ext.asyncio import AsyncSession

from cc_setup.administrator.invitation import PARTNER_ADMIN, InvitationService
from cc_setup.administrator.models import ConnectAdministrator, ConnectRoleChange
from cc_setup.administrator.repository import AdministratorRepository
from cc_setup.administrator.schemas import ConnectEvent
from cc_setup.connect import ConnectRefused, ConnectService, ConnectUnavailable
from cc_setup.role_mapping import UnknownRole, connect_role_for, platform_role_for
from contracts.events import AccountRoleChanged, ContactCenterAdministratorAdded, ContactCenterAdministratorRoleSynced
from servicekit import emit, schedule_timer

log = structlog.get_logger()

PUSH_TIMER = "cc.connect_role_push"


class RoleSync:
    def __init__(self, *, invitations: InvitationService, connect: ConnectService) -> None:
        self.invitations = invitations
        self.connect = connect

    # flow 5: a role changed in the platform is pushed to connect

    async def on_account_role_changed(self, session: AsyncSession, event: AccountRoleChanged) -> None:
        repo = AdministratorRepository.unscoped(session)
        if await repo.change(event.change_id) is not None:
            return  # R-CC-13: a change already carried across is never applied twice
        administrator = await repo.by_email(event.customer_id, event.email, for_update=True)
        if administrator is None:
            return  # not in connect (yet): the mapping is applied when it is added
        if event.origin == "connect":
            administrator.platform_role = event.role  # R-CC-13: came from connect, not pushed back
            await session.flush()
            return
        connect_role = connect_role_for(event.role)  # R-CC-13: table 1
        in_connect = administrator.state in ("invited", "active") and administrator.connect_user_id is not None
        push = in_connect and connect_role != administrator.connect_role
        administrator.platform_role, administrator.connect_role = event.role, connect_role
        administrator.account_id = event.account_id
        await self._record(session, administrator, "platform", event.change_id)
        if push:  # from a timer: connect is called outside the consumer's transaction, a passing fault tried again
            payload = {
                "administrator_id": str(administrator.id),
                "change_id": str(event.change_id),
                "role": connect_role,
            }
            await schedule_timer(session, PUSH_TIMER, str(administrator.id), self.invitations.clock.now(), payload)
            return
        await self._announce(session, administrator, "platform", event.change_id)

    async def on_push_timer(self, session: AsyncSession, timer: Row[Any]) -> None:
        repo = AdministratorRepository.unscoped(session)
        administrator = await repo.by_id(uuid.UUID(timer.payload["administrator_id"]), for_update=True)
        if administrator is None or administrator.connect_user_id is None:
            return
        if administrator.connect_role != timer.payload["role"]:
            return  # a later change (here or in connect) decides the role now
        tenant = await repo.tenant(administrator.customer_id)
        assert tenant is not None
        change_id = uuid.UUID(timer.payload["change_id"])
        try:
            await self.connect.change_role(  # the change_id keys it: a repeat after a crash changes nothing more
                tenant.connect_tenant_id, administrator.connect_user_id, role=timer.payload["role"], key=str(change_id)
            )
        except ConnectRefused as exc:
            log.warning("cc_connect.role_push_refused", administrator_id=str(administrator.id), reason=str(exc))
            return
        except ConnectUnavailable as exc:
            if not await self.invitations.again(session, PUSH_TIMER, timer):
                log.error("cc_connect.role_push_gave_up", administrator_id=str(administrator.id), error=str(exc))
            return
        await self._announce(session, administrator, "platform", change_id)

    # connect's webhooks

    async def on_connect_event(self, session: AsyncSession, webhook_id: str, event: ConnectEvent) -> bool:
        """Apply one webhook from connect; False when its id was applied before."""
        repo = AdministratorRepository.unscoped(session)
        if not await repo.claim_webhook(webhook_id, event.type):
            return False
        tenant = await repo.tenant_by_connect_id(event.data.tenant_id)
        if tenant is None:
            log.warning("cc_connect.webhook_unknown_tenant", tenant_id=event.data.tenant_id, webhook_id=webhook_id)
            return True
        email = event.data.email.lower()
        administrator = await repo.by_email(tenant.customer_id, email, for_update=True)
        if event.type == "user.added":
            await self._added_in_connect(session, tenant.customer_id, tenant.tenant_path, administrator, event)
        elif administrator is None or administrator.connect_user_id != event.data.user_id:
            log.warning("cc_connect.webhook_unknown_user", user_id=event.data.user_id, webhook_id=webhook_id)
        elif event.type == "user.signed_in":
            await self.invitations.signed_in(session, administrator)
        else:
            await self._role_changed_in_connect(session, administrator, event.data.role)
        return True

    # flow 6: a role changed in connect is mapped back for the platform

    async def _role_changed_in_connect(
        self, session: AsyncSession, administrator: ConnectAdministrator, role: str
    ) -> None:
        if role == administrator.connect_role:
            return
        administrator.connect_role = role
        if administrator.platform_role == PARTNER_ADMIN:
            await session.flush()
            return  # a partner administrator has no customer account to change
        try:
            administrator.platform_role = platform_role_for(role)  # R-CC-13: table 2
        except UnknownRole:
            log.warning("cc_connect.unknown_role", role=role, administrator_id=str(administrator.id))
            return
        change_id = uuid.uuid4()
        await self._record(session, administrator, "connect", change_id)
        await self._announce(session, administrator, "connect", change_id)

    # flow 7: a user added in connect is invited to the platform first

    async def _added_in_connect(
        self,
        session: AsyncSession,
        customer_id: uuid.UUID,
        tenant_path: str,
        administrator: ConnectAdministrator | None,
        event: ConnectEvent,
    ) -> None:
        data = event.data
        try:
            platform_role = platform_role_for(data.role)  # R-CC-13: table 2
        except UnknownRole:
            log.warning("cc_connect.unknown_role", role=data.role, user_id=data.user_id)
            return
        if administrator is not None and administrator.state in ("invited", "active", "pending"):
            return  # known already: nothing new to invite
        if administrator is None:
            administrator = await AdministratorRepository.unscoped(session).add(
                ConnectAdministrator(
                    customer_id=customer_id,
                    tenant_path=tenant_path,
                    email=data.email.lower(),
                    platform_role=platform_role,
                    connect_role=data.role,
                    state="pending",
                    connect_user_id=data.user_id,
                )
            )
        else:  # lapsed, added again from connect
            administrator.connect_user_id, administrator.connect_role = data.user_id, data.role
            administrator.state = "pending"
            if administrator.platform_role != PARTNER_ADMIN:
                administrator.platform_role = platform_role
            await session.flush()
        if administrator.account_id is not None or administrator.platform_role == PARTNER_ADMIN:
            await self.invitations.schedule(session, administrator)  # the platform account is active already
            return
        await emit(
            session,
            ContactCenterAdministratorAdded(  # R-CC-14: the platform invitation first, it creates the account
                customer_id=customer_id,
                tenant_path=tenant_path,
                email=administrator.email,
                connect_role=data.role,
                platform_role=platform_role,  # type: ignore[arg-type]
                change_id=uuid.uuid4(),
            ),
        )

    async def _record(
        self, session: AsyncSession, administrator: ConnectAdministrator, origin: str, change_id: uuid.UUID
    ) -> None:
        await AdministratorRepository.unscoped(session).record_change(
            ConnectRoleChange(
                change_id=change_id,
                customer_id=administrator.customer_id,
                administrator_id=administrator.id,
                origin=origin,
                connect_role=administrator.connect_role,
                platform_role=administrator.platform_role,
            )
        )

    async def _announce(
        self, session: AsyncSession, administrator: ConnectAdministrator, origin: str, change_id: uuid.UUID
    ) -> None:
        await emit(
            session,
            ContactCenterAdministratorRoleSynced(
                customer_id=administrator.customer_id,
                tenant_path=administrator.tenant_path,
                account_id=administrator.account_id,
                email=administrator.email,
                connect_role=administrator.connect_role,
                platform_role=administrator.platform_role,  # type: ignore[arg-type]
                origin=origin,  # type: ignore[arg-type]
                change_id=change_id,
            ),
        )
