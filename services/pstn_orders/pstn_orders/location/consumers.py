"""The projections follow the customers service's location and PSTN-programme events."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy.ext.asyncio import AsyncSession

from contracts.envelope import Envelope
from contracts.events import LocationCreated, LocationDeleted, LocationUpdated, PstnProgrammeChanged
from contracts.events.customers import LocationEvent
from pstn_orders.location.repository import LocationRepository, put_partner
from servicekit import EventHandlers


async def on_location_changed(session: AsyncSession, event: LocationEvent, envelope: Envelope) -> None:
    """Every location event carries the whole location: the latest one replaces what was known."""
    deleted_at = envelope.time if isinstance(event, LocationDeleted) else None
    await LocationRepository.unscoped(session).put(
        event.location_id,
        {
            "customer_id": event.customer_id,
            "tenant_path": event.tenant_path,
            "name": event.name,
            "address": event.address.model_dump(mode="json"),
            "country": event.address.country,
            "time_zone": event.time_zone,
            "deleted_at": deleted_at,
        },
    )


async def on_pstn_programme_changed(session: AsyncSession, event: PstnProgrammeChanged, _: Envelope) -> None:
    accepted = event.calling_addendum_accepted_at
    await put_partner(
        session,
        event.customer_id,
        enrolled=event.enrolled,
        calling_addendum_accepted_at=datetime.fromisoformat(accepted) if accepted else None,
    )


def handlers() -> EventHandlers:
    handlers = EventHandlers()
    handlers.add(LocationCreated, on_location_changed)
    handlers.add(LocationUpdated, on_location_changed)
    handlers.add(LocationDeleted, on_location_changed)
    handlers.add(PstnProgrammeChanged, on_pstn_programme_changed)
    return handlers
