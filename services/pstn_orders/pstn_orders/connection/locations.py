"""The location a setup request names, reached only through the caller's subtree (R-HIER-03)."""

from __future__ import annotations

import uuid

from sqlalchemy.ext.asyncio import AsyncSession

from pstn_orders.location.models import Location
from pstn_orders.location.repository import LocationRepository
from servicekit import NotFound, Principal


class LocationNotFound(NotFound):
    type = "location-not-found"
    title = "Location not found"
    rule = "R-HIER-03"

    def __init__(self, customer_id: uuid.UUID, location_id: uuid.UUID) -> None:
        super().__init__(
            f"Customer {customer_id} has no location {location_id} (or it is not yours).", location_id=str(location_id)
        )


async def customer_location(
    session: AsyncSession, customer_id: uuid.UUID, location_id: uuid.UUID, *, principal: Principal
) -> Location:
    location = await LocationRepository.for_caller(session, principal).get(location_id)
    if location is None or location.customer_id != customer_id:
        raise LocationNotFound(customer_id, location_id)
    return location
