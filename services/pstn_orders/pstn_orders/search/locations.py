"""The customer's location an order or a search is for: its own, live, and on the calling plan (R-PSTN-11)."""

from __future__ import annotations

import uuid

from sqlalchemy.ext.asyncio import AsyncSession

from pstn_orders.connection.locations import customer_location
from pstn_orders.connection.service import CallingPlanLocation, ConnectionService
from pstn_orders.location.models import Location
from servicekit import Principal


class OrderingLocations:
    def __init__(self, *, connections: ConnectionService) -> None:
        self.connections = connections

    async def of_customer(
        self, session: AsyncSession, customer_id: uuid.UUID, location_id: uuid.UUID, *, principal: Principal
    ) -> Location:
        """The live location of this customer, in the caller's subtree; someone else's answers 404."""
        return await customer_location(session, customer_id, location_id, principal=principal)

    async def calling_plan_location(
        self, session: AsyncSession, customer_id: uuid.UUID, location_id: uuid.UUID, *, principal: Principal
    ) -> tuple[Location, CallingPlanLocation]:
        """The location, with the calling plan enabled and a valid emergency address, or its problem."""
        location = await self.of_customer(session, customer_id, location_id, principal=principal)
        plan = await self.connections.require_calling_plan(session, location_id, principal=principal)  # R-PSTN-11
        return location, plan
