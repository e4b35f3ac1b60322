"""A number's life at the carrier: activated (billing starts, R-PSTN-23), failed, or released (disconnected;
a block only whole, R-PSTN-13). Orders call `activate` and `fail` as the carrier reports each number."""

from __future__ import annotations

import calendar
import uuid
from collections.abc import Sequence
from datetime import UTC, date, datetime
from typing import TypedDict

from sqlalchemy.ext.asyncio import AsyncSession

from contracts.events import NumberActivated, NumberBillingStarted, NumberProvisioningFailed, NumberReleased
from pstn_orders.carrier.adapter import Carrier, CarrierUnavailable
from pstn_orders.number.errors import BlockNotFound, BlockReleasedWhole, NumberInUse, NumberNotActive
from pstn_orders.number.models import PhoneNumber
from pstn_orders.number.repository import NumberRepository
from pstn_orders.number.service import NumberService, number_fields
from servicekit import Principal, ServiceUnavailable, check_version, emit


class CarrierNotAnswering(ServiceUnavailable):
    type = "carrier-unavailable"
    title = "The carrier did not answer"

    def __init__(self) -> None:
        super().__init__(
            "The carrier did not answer; nothing changed. Try again shortly.", headers={"Retry-After": "30"}
        )


class NumberLifecycle:
    def __init__(self, *, numbers: NumberService, carrier: Carrier) -> None:
        self.numbers = numbers
        self.carrier = carrier

    async def activate(self, session: AsyncSession, rows: Sequence[PhoneNumber], *, at: datetime) -> None:
        """The carrier provisioned these numbers of an order: each becomes the customer's, unassigned, and bills."""
        for number in rows:
            if number.state != "pending":
                continue  # a repeated carrier callback: already activated or given back
            # R-PSTN-39: a ported number assigned while pending keeps its assignee and carries calls from now.
            number.state = "assigned" if number.assignee_id is not None else "unassigned"
            number.fulfilment, number.activated_at = "success", at
            await session.flush()
            await emit(
                session,
                NumberActivated(
                    **number_fields(number), order_id=number.order_id, block_id=number.block_id, activated_at=at
                ),
            )
            await emit(session, NumberBillingStarted(**number_fields(number), **proration_basis(at)))  # R-PSTN-23

    async def fail(self, session: AsyncSession, rows: Sequence[PhoneNumber], *, reasons: dict[str, str]) -> None:
        """The carrier could not provision these numbers: they leave the customer's list, failed, with why."""
        for number in rows:
            if number.state != "pending":
                continue
            reason = reasons.get(number.number, "the carrier could not provision the number")
            number.state, number.fulfilment, number.failure_reason = "released", "failed", reason
            await session.flush()
            await emit(
                session, NumberProvisioningFailed(**number_fields(number), order_id=number.order_id, reason=reason)
            )

    async def release(
        self,
        session: AsyncSession,
        customer_id: uuid.UUID,
        number_id: uuid.UUID,
        *,
        principal: Principal,
        if_match: str | None = None,
    ) -> PhoneNumber:
        """Give one number back to the carrier; a number of a block goes only with its block."""
        number = await self.numbers.get_for_update(session, customer_id, number_id, principal=principal)
        check_version(if_match, number.version, "number")
        if number.block_id is not None:
            raise BlockReleasedWhole(number.number, number.block_id)  # R-PSTN-13
        await self._release(session, [number])
        return number

    async def release_block(
        self, session: AsyncSession, customer_id: uuid.UUID, block_id: uuid.UUID, *, principal: Principal
    ) -> list[PhoneNumber]:
        """R-PSTN-13: the block's numbers are released together, all of them, or none."""
        customer = await self.numbers.directory.get(session, customer_id, principal=principal)
        numbers = NumberRepository.for_caller(session, principal)
        rows = await numbers.of_block(customer.customer_id, block_id)  # R-PSTN-13: every number of the block
        if not rows:
            raise BlockNotFound(customer_id, block_id)
        await self._release(session, rows)
        return rows

    async def _release(self, session: AsyncSession, rows: Sequence[PhoneNumber]) -> None:
        if pending := next((n for n in rows if n.state == "pending"), None):
            raise NumberNotActive(pending.number, pending.state)
        if in_use := [n.number for n in rows if n.state == "assigned"]:
            raise NumberInUse(in_use)
        for number in rows:
            number.state = "released"
        await session.flush()
        try:
            # Last, so a refusal rolls the whole release back; giving a number back twice is harmless.
            await self.carrier.disconnect([n.number for n in rows])
        except CarrierUnavailable as exc:
            raise CarrierNotAnswering() from exc
        for number in rows:
            await emit(session, NumberReleased(**number_fields(number), block_id=number.block_id))


class ProrationBasis(TypedDict):
    billing_starts_on: date
    days_in_month: int
    billed_days: int


def proration_basis(activated_at: datetime) -> ProrationBasis:
    """R-PSTN-23: a number bills from its activation day, prorated over the days left in that month."""
    day = activated_at.astimezone(UTC).date()
    days_in_month = calendar.monthrange(day.year, day.month)[1]
    return ProrationBasis(billing_starts_on=day, days_in_month=days_in_month, billed_days=days_in_month - day.day + 1)
