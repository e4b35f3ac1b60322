"""Number orders listen for the customer's signature of the carrier contract."""

from __future__ import annotations

from sqlalchemy.ext.asyncio import AsyncSession

from contracts.envelope import Envelope
from contracts.events.pstn import PstnContractSigned
from pstn_orders.number_order.fulfilment import OrderFulfilment
from servicekit import EventHandlers


def handlers(fulfilment: OrderFulfilment) -> EventHandlers:
    async def on_contract_signed(session: AsyncSession, event: PstnContractSigned, _: Envelope) -> None:
        await fulfilment.on_contract_signed(session, event)  # R-PSTN-12: waiting orders are activated now

    handlers = EventHandlers()
    handlers.add(PstnContractSigned, on_contract_signed)
    return handlers
