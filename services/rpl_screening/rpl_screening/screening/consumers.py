"""Customer events that ask for a screening (R-RPL-01)."""

from __future__ import annotations

from sqlalchemy.ext.asyncio import AsyncSession

from contracts.envelope import Envelope, Event
from contracts.events import CustomerBillingAddressChanged, CustomerCreated
from rpl_screening.screening.service import ScreeningService
from servicekit.inbox import Handler


def handlers(service: ScreeningService) -> dict[str, Handler]:
    async def on_customer_screening_requested(session: AsyncSession, event: Event, envelope: Envelope) -> None:
        assert isinstance(event, CustomerCreated | CustomerBillingAddressChanged)
        await service.screen_customer(
            session,
            customer_id=event.customer_id,
            tenant_path=event.tenant_path,
            screening_ref=event.screening_ref,
            name=event.name,
            address=event.billing_address.model_dump(),
            trigger=envelope.type,
        )

    return {
        CustomerCreated.type: on_customer_screening_requested,
        CustomerBillingAddressChanged.type: on_customer_screening_requested,
    }
