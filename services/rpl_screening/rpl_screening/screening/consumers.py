"""Customer events that ask for a screening (R-RPL-01)."""

from __future__ import annotations

from sqlalchemy.ext.asyncio import AsyncSession

from contracts.envelope import Envelope
from contracts.events import CustomerBillingAddressChanged, CustomerCreated, CustomerScreeningRequested
from rpl_screening.screening.service import ScreeningService
from servicekit import EventHandlers


def handlers(service: ScreeningService) -> EventHandlers:
    async def on_customer_screening_requested(
        session: AsyncSession,
        event: CustomerCreated | CustomerBillingAddressChanged | CustomerScreeningRequested,
        envelope: Envelope,
    ) -> None:
        await service.screen_customer(
            session,
            customer_id=event.customer_id,
            tenant_path=event.tenant_path,
            screening_ref=event.screening_ref,
            name=event.name,
            address=event.billing_address.model_dump(),
            trigger=envelope.type,
        )

    handlers = EventHandlers()
    handlers.add(CustomerCreated, on_customer_screening_requested)
    handlers.add(CustomerBillingAddressChanged, on_customer_screening_requested)
    handlers.add(CustomerScreeningRequested, on_customer_screening_requested)  # asked again: answered by ref
    return handlers
