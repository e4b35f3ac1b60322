"""Fulfilment of placed orders: activation once the contract is signed, the carrier's status, a deadline on it.

The carrier reports each order's progress by callback (`on_carrier_status`); each activated order also has a
deadline: when no final status came by the expected time, the carrier is asked (`order_status`), a few times,
and then the order goes to error, naming the desk to contact (R-PSTN-20, R-PSTN-24).
"""

from __future__ import annotations

import uuid
from datetime import timedelta
from typing import Any

import structlog
from sqlalchemy.ext.asyncio import AsyncSession

from contracts.events.pstn import (
    NumberOrderActivated,
    NumberOrderFailed,
    NumberOrderProvisioned,
    PstnContractSigned,
)
from pstn_orders.carrier.adapter import (
    Carrier,
    CarrierOrderState,
    CarrierOrderStatus,
    CarrierUnavailable,
    NumberOutcome,
)
from pstn_orders.number.lifecycle import NumberLifecycle
from pstn_orders.number.repository import NumberRepository
from pstn_orders.number_order.models import NumberOrder
from pstn_orders.number_order.repository import NumberOrderRepository
from pstn_orders.support import desk_for
from servicekit import Clock, Deadline, Runtime, emit

log = structlog.get_logger()

FINAL = {CarrierOrderState.completed, CarrierOrderState.partially_completed, CarrierOrderState.failed}
NO_ANSWER = "the carrier did not confirm the order in time"


class OrderFulfilment:
    def __init__(
        self,
        *,
        carrier: Carrier,
        lifecycle: NumberLifecycle,
        clock: Clock,
        standard: timedelta,
        advanced: timedelta,
        first_wait: timedelta,
        tries: int,
    ) -> None:
        self.carrier = carrier
        self.lifecycle = lifecycle
        self.clock = clock
        self.standard, self.advanced = standard, advanced
        self.deadlines = {
            kind: Deadline(
                service="pstn_orders",
                kind=f"number_order.{kind}",
                clock=clock,
                first_wait=span + first_wait,
                tries=tries,
                ask_again=self._ask_carrier,
                give_up=self._give_up,
            )
            for kind, span in (("standard", standard), ("advanced", advanced))
        }
        self._runtime: Runtime | None = None

    def attach(self, runtime: Runtime) -> None:
        """Callbacks come from the carrier outside any request: they open their own transactions."""
        self._runtime = runtime

    def _deadline(self, order: NumberOrder) -> Deadline:
        return self.deadlines["advanced" if order.advanced else "standard"]

    async def activate(self, session: AsyncSession, order: NumberOrder, *, retrying: bool = False) -> None:
        """The contract is signed: the carrier starts work, due in ~10 minutes or ~5 days (R-PSTN-30)."""
        if order.carrier_order_id is None or order.activated_at is not None:
            return
        try:
            activated = await self.carrier.activate(order.carrier_order_id)
        except CarrierUnavailable:
            log.warning("number_order.activation_deferred", order_id=str(order.id))
            if not retrying:
                await self._deadline(order).start(session, str(order.id))  # tried again when its deadline passes
            return
        now = self.clock.now()
        order.activated_at = now
        fallback = now + (self.advanced if order.advanced else self.standard)
        order.expected_at = activated.expected_at or fallback  # R-PSTN-30
        await session.flush()
        await self._deadline(order).start(session, str(order.id))
        await _emit(session, order, NumberOrderActivated, expected_at=order.expected_at)

    async def on_contract_signed(self, session: AsyncSession, event: PstnContractSigned) -> None:
        """R-PSTN-12: the orders that waited for the signature are processed now."""
        orders = NumberOrderRepository.unscoped(session)
        for order_id in await orders.awaiting_signature(event.customer_id):
            order = await orders.by_id(order_id, for_update=True)
            if order is not None and order.awaiting_signature:
                await self.activate(session, order)

    async def on_carrier_status(self, status: CarrierOrderStatus) -> None:
        """The carrier's status callback, in a transaction of its own."""
        if self._runtime is None:
            raise RuntimeError("order fulfilment is not attached to the running service")
        order_id = _order_id(status.order_ref)
        if order_id is None:
            log.warning("number_order.unknown_carrier_order", order_ref=status.order_ref)
            return
        async with self._runtime.sessionmaker.begin() as session:
            for deadline in self.deadlines.values():
                await deadline.hold(session, str(order_id))  # the timer's lock order: deadline, then order
            await self.apply_status(session, status)

    async def apply_status(self, session: AsyncSession, status: CarrierOrderStatus) -> NumberOrder | None:
        """Move the order and each of its numbers to what the carrier reports (R-PSTN-20); repeats are harmless."""
        order_id = _order_id(status.order_ref)
        order = await NumberOrderRepository.unscoped(session).by_id(order_id, for_update=True) if order_id else None
        if order is None or order.state != "pending" or order.kind != "numbers":
            return order
        now = self.clock.now()
        numbers = {n.number: n for n in await NumberRepository.unscoped(session).of_order(order.id, for_update=True)}
        for item in order.items:
            outcome = status.numbers.get(item.number)
            if outcome is None or item.fulfilment != "in_progress" or outcome is NumberOutcome.in_progress:
                continue
            item.fulfilment = outcome.value
            if outcome is NumberOutcome.failed:
                item.failure_reason = status.reasons.get(item.number, "the carrier could not provision the number")
                if row := numbers.get(item.number):
                    await self.lifecycle.fail(session, [row], reasons={item.number: item.failure_reason})
            elif row := numbers.get(item.number):
                await self.lifecycle.activate(session, [row], at=now)
        if status.state in FINAL:
            await self._finish(session, order, status.state)
        await session.flush()
        return order

    async def _finish(self, session: AsyncSession, order: NumberOrder, state: CarrierOrderState) -> None:
        now = self.clock.now()
        await self._deadline(order).answered(session, str(order.id))
        succeeded = [i.number for i in order.items if i.fulfilment == "success"]
        failed = {i.number: i.failure_reason or "failed" for i in order.items if i.fulfilment == "failed"}
        order.completed_at = now
        if state is CarrierOrderState.failed or not succeeded:
            await self._error(session, order, "the carrier could not provision any number of the order", failed)
            return
        order.state = "provisioned"  # R-PSTN-20: partial fulfilment is reported per number
        await session.flush()
        await _emit(session, order, NumberOrderProvisioned, provisioned=succeeded, failed=failed)

    async def _error(self, session: AsyncSession, order: NumberOrder, reason: str, failed: dict[str, str]) -> None:
        order.state, order.failure_reason = "error", reason
        order.completed_at = order.completed_at or self.clock.now()
        await session.flush()
        desk = desk_for("error")  # R-PSTN-24: an order in error names technical assistance
        desk_name = desk.desk if desk else "technical_assistance"
        await _emit(session, order, NumberOrderFailed, reason=reason, failed=failed, desk=desk_name)

    async def _ask_carrier(self, session: AsyncSession, key: str, payload: dict[str, Any], attempt: int) -> bool:
        """The expected time passed without a final status: ask the carrier for it (or activate, if that failed)."""
        order = await NumberOrderRepository.unscoped(session).by_id(uuid.UUID(key), for_update=True)
        if order is None or order.state != "pending" or order.carrier_order_id is None:
            return False
        try:
            if order.activated_at is None:
                await self.activate(session, order, retrying=True)
                return order.activated_at is None  # activated: its own deadline now runs
            status = await self.carrier.order_status(order.carrier_order_id)
        except CarrierUnavailable:
            return True
        await self.apply_status(session, status)
        return order.state == "pending"

    async def _give_up(self, session: AsyncSession, key: str, payload: dict[str, Any]) -> None:
        """After the last unanswered try the order goes to error; numbers still in progress fail with it."""
        order = await NumberOrderRepository.unscoped(session).by_id(uuid.UUID(key), for_update=True)
        if order is None or order.state != "pending":
            return
        rows = {n.number: n for n in await NumberRepository.unscoped(session).of_order(order.id, for_update=True)}
        for item in order.items:
            if item.fulfilment == "in_progress":
                item.fulfilment, item.failure_reason = "failed", NO_ANSWER
                if row := rows.get(item.number):
                    await self.lifecycle.fail(session, [row], reasons={item.number: NO_ANSWER})
        failed = {i.number: i.failure_reason or NO_ANSWER for i in order.items if i.fulfilment == "failed"}
        await self._error(session, order, NO_ANSWER, failed)  # R-PSTN-20


def _order_id(order_ref: str) -> uuid.UUID | None:
    try:
        return uuid.UUID(order_ref)
    except ValueError:
        return None


async def _emit(session: AsyncSession, order: NumberOrder, event_type: Any, **fields: Any) -> None:
    await emit(
        session, event_type(customer_id=order.customer_id, tenant_path=order.tenant_path, order_id=order.id, **fields)
    )
