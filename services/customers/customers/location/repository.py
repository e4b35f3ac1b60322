"""All SQL on locations: rows of a customer, seen through the tenant (R-HIER-03)."""

from __future__ import annotations

import uuid
from collections.abc import Sequence

from sqlalchemy import ColumnElement, func, select

from customers.customer.repository import CustomerOwnedRepository
from customers.location.models import Location
from servicekit import PageRequest, paginate


class LocationRepository(CustomerOwnedRepository):
    def _live(self, customer_id: uuid.UUID) -> list[ColumnElement[bool]]:
        return [
            self.of_tenant(Location.customer_id),
            Location.customer_id == customer_id,
            Location.deleted_at.is_(None),
        ]

    async def get(self, customer_id: uuid.UUID, location_id: uuid.UUID, *, for_update: bool = False) -> Location | None:
        stmt = select(Location).where(*self._live(customer_id), Location.id == location_id)
        if for_update:
            stmt = stmt.with_for_update()
        return await self.session.scalar(stmt)

    async def named(self, customer_id: uuid.UUID, name: str) -> Location | None:
        """A live location of the customer with this name, whatever its case."""
        stmt = select(Location).where(*self._live(customer_id), func.lower(Location.name) == name.lower())
        return await self.session.scalar(stmt.limit(1))

    async def list(
        self, customer_id: uuid.UUID, page: PageRequest, *, country: str | None = None
    ) -> Sequence[Location]:
        stmt = select(Location).where(*self._live(customer_id))
        if country is not None:
            stmt = stmt.where(Location.country == country)
        return (await self.session.scalars(paginate(stmt, Location.created_at, Location.id, page))).all()

    async def add(self, location: Location) -> Location:
        self.session.add(location)
        await self.session.flush()
        return location
