"""The users projection follows the customers service's user events."""

from __future__ import annotations

from sqlalchemy.ext.asyncio import AsyncSession

from contracts.envelope import Envelope
from contracts.events import UserCreated, UserPackageChanged
from pstn_orders.user.repository import CallingUserRepository
from servicekit import EventHandlers


async def on_user_created(session: AsyncSession, event: UserCreated, _: Envelope) -> None:
    values = {
        "customer_id": event.customer_id,
        "tenant_path": event.tenant_path,
        "email": event.email,
        "role": event.role,
        "package": event.package,
    }
    await CallingUserRepository.unscoped(session).put(event.user_id, values)


async def on_user_package_changed(session: AsyncSession, event: UserPackageChanged, _: Envelope) -> None:
    # The topic is keyed by customer, so a user's created event always comes before its package changes.
    await CallingUserRepository.unscoped(session).change_package(event.user_id, event.package)


def handlers() -> EventHandlers:
    handlers = EventHandlers()
    handlers.add(UserCreated, on_user_created)
    handlers.add(UserPackageChanged, on_user_package_changed)
    return handlers
