"""What the contact center tells the accounts: administrators to invite (R-CC-02, R-CC-14), roles changed in
connect (R-CC-13), tenants that are active (R-CC-03)."""

from __future__ import annotations

from sqlalchemy.ext.asyncio import AsyncSession

from contracts.envelope import Envelope
from contracts.events import (
    ContactCenterActive,
    ContactCenterAdministratorAdded,
    ContactCenterAdministratorRoleSynced,
    ContactCenterOrderMapped,
    ContactCenterTrialStarted,
)
from customers.account.service import AccountService
from servicekit import EventHandlers


def handlers(service: AccountService) -> EventHandlers:
    async def on_trial_started(session: AsyncSession, event: ContactCenterTrialStarted, _: Envelope) -> None:
        # R-CC-02: the first administrator is a full administrator
        await service.on_administrator_named(
            session, event.customer_id, event.administrator_email, "customer_full_admin"
        )

    async def on_order_mapped(session: AsyncSession, event: ContactCenterOrderMapped, _: Envelope) -> None:
        # R-CC-02
        await service.on_administrator_named(
            session, event.customer_id, event.administrator_email, "customer_full_admin"
        )

    async def on_administrator_added(
        session: AsyncSession, event: ContactCenterAdministratorAdded, _: Envelope
    ) -> None:
        # R-CC-14: added in connect, invited to the platform first
        await service.on_administrator_named(session, event.customer_id, event.email, event.platform_role)

    async def on_role_synced(session: AsyncSession, event: ContactCenterAdministratorRoleSynced, _: Envelope) -> None:
        if event.origin != "connect":  # pushed to connect from here: nothing to apply
            return
        await service.on_role_synced(session, event.customer_id, event.email, event.platform_role, event.change_id)

    async def on_active(session: AsyncSession, event: ContactCenterActive, _: Envelope) -> None:
        await service.on_contact_center_active(session, event.customer_id, event.activated_at)

    every = EventHandlers()
    every.add(ContactCenterTrialStarted, on_trial_started)
    every.add(ContactCenterOrderMapped, on_order_mapped)
    every.add(ContactCenterAdministratorAdded, on_administrator_added)
    every.add(ContactCenterAdministratorRoleSynced, on_role_synced)
    every.add(ContactCenterActive, on_active)
    return every
