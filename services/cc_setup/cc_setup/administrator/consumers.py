"""The customers topic's administrator accounts, heard by cc_setup (R-CC-13, R-CC-14)."""

from __future__ import annotations

from sqlalchemy.ext.asyncio import AsyncSession

from cc_setup.administrator.service import AdministratorService
from cc_setup.administrator.sync import RoleSync
from contracts.envelope import Envelope
from contracts.events import AccountActivated, AccountRoleChanged
from servicekit import EventHandlers


def handlers(administrators: AdministratorService, sync: RoleSync) -> EventHandlers:
    async def on_account_activated(session: AsyncSession, event: AccountActivated, _: Envelope) -> None:
        await administrators.on_account_activated(session, event)

    async def on_account_role_changed(session: AsyncSession, event: AccountRoleChanged, _: Envelope) -> None:
        await sync.on_account_role_changed(session, event)

    handlers = EventHandlers()
    handlers.add(AccountActivated, on_account_activated)
    handlers.add(AccountRoleChanged, on_account_role_changed)
    return handlers
