"""All SQL on reservations."""

from __future__ import annotations

import uuid
from collections.abc import Sequence

from sqlalchemy import select

from pstn_orders.reservation.models import NumberReservation
from servicekit import PageRequest, TenantRepository, paginate


class ReservationRepository(TenantRepository):
    async def add(self, reservation: NumberReservation) -> NumberReservation:
        self.session.add(reservation)
        await self.session.flush()
        return reservation

    async def get(
        self, customer_id: uuid.UUID, reservation_id: uuid.UUID, *, for_update: bool = False
    ) -> NumberReservation | None:
        stmt = select(NumberReservation).where(
            self.in_tenant(NumberReservation.tenant_path),
            NumberReservation.customer_id == customer_id,
            NumberReservation.id == reservation_id,
        )
        if for_update:
            stmt = stmt.with_for_update()
        return await self.session.scalar(stmt)

    async def by_id(self, reservation_id: uuid.UUID, *, for_update: bool = False) -> NumberReservation | None:
        stmt = select(NumberReservation).where(
            self.in_tenant(NumberReservation.tenant_path), NumberReservation.id == reservation_id
        )
        if for_update:
            stmt = stmt.with_for_update()
        return await self.session.scalar(stmt)

    async def list(self, customer_id: uuid.UUID, page: PageRequest) -> Sequence[NumberReservation]:
        stmt = select(NumberReservation).where(
            self.in_tenant(NumberReservation.tenant_path), NumberReservation.customer_id == customer_id
        )
        stmt = paginate(stmt, NumberReservation.created_at, NumberReservation.id, page)
        return (await self.session.scalars(stmt)).all()
