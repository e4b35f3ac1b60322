"""Reservations: the carrier holds chosen numbers for the customer for a while (default 30 minutes).

A reserved number is nobody else's: the carrier refuses it to every other holder until the reservation is
released, ordered or lapses. A durable timer marks a lapsed reservation expired.
"""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from datetime import timedelta
from typing import Any

from sqlalchemy import Row
from sqlalchemy.ext.asyncio import AsyncSession

from contracts.events.pstn import NumberReservationChanged
from pstn_orders.carrier import adapter
from pstn_orders.carrier.adapter import Carrier, CarrierUnavailable
from pstn_orders.reservation.errors import NumbersNotAvailable, ReservationNotFound, ReservationNotHeld
from pstn_orders.reservation.models import NumberReservation
from pstn_orders.reservation.repository import ReservationRepository
from pstn_orders.reservation.schemas import ReservationCreate
from pstn_orders.search.choice import checked_numbers
from pstn_orders.search.repository import tenant_path_of
from pstn_orders.search.service import carrier_unavailable
from servicekit import (
    Clock,
    CustomerDirectory,
    PageRequest,
    Principal,
    cancel_timer,
    check_version,
    emit,
    schedule_timer,
)

EXPIRY = "number_reservation.expiry"


class ReservationService:
    def __init__(
        self, *, carrier: Carrier, directory: CustomerDirectory, clock: Clock, minutes: int, max_numbers: int
    ) -> None:
        self.carrier = carrier
        self.directory = directory
        self.clock = clock
        self.hold = timedelta(minutes=minutes)
        self.max_numbers = max_numbers

    async def reserve(
        self, session: AsyncSession, customer_id: uuid.UUID, data: ReservationCreate, *, principal: Principal
    ) -> NumberReservation:
        customer = await self.directory.require_active(session, customer_id, principal=principal)
        chosen = checked_numbers(data.numbers, "numbers", cap=self.max_numbers)  # each checked as any chosen number
        until = self.clock.now() + self.hold
        try:
            held = await self.carrier.reserve([n.number for n in chosen], holder=str(customer_id), until=until)
        except adapter.NumbersUnavailable as exc:
            raise NumbersNotAvailable(exc.numbers) from exc
        except CarrierUnavailable as exc:
            raise carrier_unavailable() from exc
        tenant_path = await tenant_path_of(session, customer_id)
        reservation = await ReservationRepository.for_caller(session, principal).add(
            NumberReservation(
                customer_id=customer.customer_id,
                tenant_path=tenant_path,
                carrier_reservation_id=held.reservation_id,
                numbers=held.numbers,
                expires_at=held.expires_at,
            )
        )
        await schedule_timer(session, EXPIRY, str(reservation.id), reservation.expires_at)
        await self._changed(session, reservation)
        return reservation

    async def get(
        self, session: AsyncSession, customer_id: uuid.UUID, reservation_id: uuid.UUID, *, principal: Principal
    ) -> NumberReservation:
        return await self._get(session, customer_id, reservation_id, principal)

    async def list(
        self, session: AsyncSession, customer_id: uuid.UUID, page: PageRequest, *, principal: Principal
    ) -> Sequence[NumberReservation]:
        await self.directory.get(session, customer_id, principal=principal)
        return await ReservationRepository.for_caller(session, principal).list(customer_id, page)

    async def extend(
        self,
        session: AsyncSession,
        customer_id: uuid.UUID,
        reservation_id: uuid.UUID,
        *,
        principal: Principal,
        if_match: str | None,
    ) -> NumberReservation:
        reservation = await self._get(session, customer_id, reservation_id, principal, lock=True)
        check_version(if_match, reservation.version, "reservation")
        self._require_held(reservation)
        until = self.clock.now() + self.hold
        try:
            held = await self.carrier.extend_reservation(reservation.carrier_reservation_id, until=until)
        except adapter.ReservationNotFound as exc:
            raise ReservationNotHeld(reservation.id, "expired") from exc
        except CarrierUnavailable as exc:
            raise carrier_unavailable() from exc
        reservation.expires_at = held.expires_at
        await session.flush()
        await cancel_timer(session, EXPIRY, str(reservation.id), now=self.clock.now())
        await schedule_timer(session, EXPIRY, str(reservation.id), reservation.expires_at)
        await self._changed(session, reservation)
        return reservation

    async def release(
        self,
        session: AsyncSession,
        customer_id: uuid.UUID,
        reservation_id: uuid.UUID,
        *,
        principal: Principal,
        if_match: str | None,
    ) -> NumberReservation:
        reservation = await self._get(session, customer_id, reservation_id, principal, lock=True)
        check_version(if_match, reservation.version, "reservation")
        self._require_held(reservation)
        try:
            await self.carrier.release_reservation(reservation.carrier_reservation_id)
        except adapter.ReservationNotFound:
            pass  # lapsed at the carrier meanwhile: released all the same
        except CarrierUnavailable as exc:
            raise carrier_unavailable() from exc
        reservation.state = "released"
        await session.flush()
        await cancel_timer(session, EXPIRY, str(reservation.id), now=self.clock.now())
        await self._changed(session, reservation)
        return reservation

    async def held_for_order(
        self, session: AsyncSession, customer_id: uuid.UUID, reservation_id: uuid.UUID, *, principal: Principal
    ) -> NumberReservation:
        """The reservation an order takes its numbers from; it must still hold them."""
        reservation = await self._get(session, customer_id, reservation_id, principal, lock=True)
        self._require_held(reservation)
        return reservation

    async def ordered(self, session: AsyncSession, reservation: NumberReservation, order_id: uuid.UUID) -> None:
        """The order took the numbers: the reservation is spent."""
        reservation.state, reservation.order_id = "ordered", order_id
        await session.flush()
        await cancel_timer(session, EXPIRY, str(reservation.id), now=self.clock.now())
        await self._changed(session, reservation)

    async def on_expiry(self, session: AsyncSession, timer: Row[Any]) -> None:
        """The hold ended: a reservation still held is expired (the carrier let the numbers go too)."""
        reservation = await ReservationRepository.unscoped(session).by_id(uuid.UUID(timer.key), for_update=True)
        if reservation is None or reservation.state_at(self.clock.now()) != "expired":
            return
        reservation.state = "expired"
        await session.flush()
        await self._changed(session, reservation)

    def _require_held(self, reservation: NumberReservation) -> None:
        state = reservation.state_at(self.clock.now())
        if state != "held":
            raise ReservationNotHeld(reservation.id, state)

    async def _get(
        self,
        session: AsyncSession,
        customer_id: uuid.UUID,
        reservation_id: uuid.UUID,
        principal: Principal,
        *,
        lock: bool = False,
    ) -> NumberReservation:
        repository = ReservationRepository.for_caller(session, principal)
        reservation = await repository.get(customer_id, reservation_id, for_update=lock)
        if reservation is None:
            raise ReservationNotFound(customer_id, reservation_id)
        return reservation

    async def _changed(self, session: AsyncSession, reservation: NumberReservation) -> None:
        await emit(
            session,
            NumberReservationChanged(
                customer_id=reservation.customer_id,
                tenant_path=reservation.tenant_path,
                reservation_id=reservation.id,
                numbers=reservation.numbers,
                state=reservation.state,  # type: ignore[arg-type]
                expires_at=reservation.expires_at,
            ),
        )
