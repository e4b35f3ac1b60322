"""Reservations and orders in the sandbox: who holds which numbers, and what each order became."""

from __future__ import annotations

import json
import uuid
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import text
from sqlalchemy.ext.asyncio import AsyncConnection

from pstn_orders.carrier import (
    CarrierOrder,
    CarrierOrderNotFound,
    CarrierOrderRequest,
    CarrierOrderState,
    CarrierOrderStatus,
    CarrierUnavailable,
    NumberOutcome,
    NumbersUnavailable,
    Reservation,
    ReservationNotFound,
)
from pstn_orders.sandbox_carrier.magic import (
    FAILURE_REASON,
    ORDER_FAILURE_REASON,
    MagicLine,
    is_magic,
)
from pstn_orders.sandbox_carrier.search import free_lapsed


def national(number: str) -> int | None:
    """The ten national digits of a NANP E.164 number, None for anything else."""
    if len(number) == 12 and number.startswith("+1") and number[2:].isdigit():
        return int(number[2:])
    return None


def e164(num: int) -> str:
    return f"+1{num:010d}"


def check_magic(numbers: list[str]) -> None:
    if any(is_magic(n, MagicLine.unavailable) for n in numbers):
        raise CarrierUnavailable("the carrier did not answer")
    taken = [n for n in numbers if is_magic(n, MagicLine.taken)]
    if taken:
        raise NumbersUnavailable(taken)


async def _lock_free(
    conn: AsyncConnection, numbers: list[str], now: datetime, *, reservation_id: str | None, holder: str | None
) -> list[int]:
    """Lock the numbers; NumbersUnavailable names any that are neither free nor held by this reservation/holder."""
    check_magic(numbers)
    await free_lapsed(conn, now)
    nums = {n: national(n) for n in numbers}
    rows = await conn.execute(
        text(
            "SELECT n.num, n.status, n.reservation_id, r.holder FROM sandbox_numbers n "
            "LEFT JOIN sandbox_reservations r ON r.id = n.reservation_id "
            "WHERE n.num = ANY(:nums) ORDER BY n.num FOR UPDATE OF n"
        ),
        {"nums": [n for n in nums.values() if n is not None]},
    )
    found = {row.num: row for row in rows}
    unavailable = []
    for number, num in nums.items():
        row = found.get(num) if num is not None else None
        ours = (
            row is not None
            and row.status == "reserved"
            and (
                (reservation_id is not None and row.reservation_id == reservation_id)
                or (holder is not None and row.holder == holder)
            )
        )
        if row is None or not (row.status == "available" or ours):  # R-PSTN-35: reserved is nobody else's
            unavailable.append(number)
    if unavailable:
        raise NumbersUnavailable(unavailable)
    return [num for num in nums.values() if num is not None]


async def reserve(
    conn: AsyncConnection, numbers: list[str], holder: str, until: datetime, now: datetime
) -> Reservation:
    nums = await _lock_free(conn, numbers, now, reservation_id=None, holder=None)
    reservation = Reservation(reservation_id=f"rsv_{uuid.uuid4().hex[:20]}", numbers=numbers, expires_at=until)
    await conn.execute(
        text(
            "INSERT INTO sandbox_reservations (id, holder, numbers, expires_at, created_at) "
            "VALUES (:id, :holder, :nums, :until, :now)"
        ),
        {"id": reservation.reservation_id, "holder": holder, "nums": nums, "until": until, "now": now},
    )
    await conn.execute(
        text(
            "UPDATE sandbox_numbers SET status = 'reserved', reservation_id = :id, reserved_until = :until "
            "WHERE num = ANY(:nums)"
        ),
        {"id": reservation.reservation_id, "until": until, "nums": nums},
    )
    return reservation


async def extend(conn: AsyncConnection, reservation_id: str, until: datetime, now: datetime) -> Reservation:
    row = (
        await conn.execute(
            text(
                "UPDATE sandbox_reservations SET expires_at = :until WHERE id = :id AND expires_at > :now "
                "RETURNING numbers"
            ),
            {"id": reservation_id, "until": until, "now": now},
        )
    ).first()
    if row is None:
        raise ReservationNotFound(reservation_id)
    await conn.execute(
        text("UPDATE sandbox_numbers SET reserved_until = :until WHERE reservation_id = :id AND status = 'reserved'"),
        {"id": reservation_id, "until": until},
    )
    return Reservation(reservation_id=reservation_id, numbers=[e164(n) for n in row.numbers], expires_at=until)


async def release(conn: AsyncConnection, reservation_id: str) -> None:
    await conn.execute(
        text(
            "UPDATE sandbox_numbers SET status = 'available', reservation_id = NULL, reserved_until = NULL "
            "WHERE reservation_id = :id AND status = 'reserved'"
        ),
        {"id": reservation_id},
    )
    await conn.execute(text("DELETE FROM sandbox_reservations WHERE id = :id"), {"id": reservation_id})


def json_value(value: Any) -> Any:
    return json.loads(value) if isinstance(value, str) else value


def _order(row: Any) -> CarrierOrderStatus:
    return CarrierOrderStatus(
        carrier_order_id=row.id,
        order_ref=row.order_ref,
        state=CarrierOrderState(row.state),
        expected_at=row.expected_at,
        numbers={n: NumberOutcome(o) for n, o in json_value(row.outcomes).items()},
        reasons=json_value(row.reasons),
    )


async def get_order(conn: AsyncConnection, carrier_order_id: str, *, for_update: bool = False) -> CarrierOrderStatus:
    row = (
        await conn.execute(
            text(f"SELECT * FROM sandbox_orders WHERE id = :id{' FOR UPDATE' if for_update else ''}"),
            {"id": carrier_order_id},
        )
    ).first()
    if row is None:
        raise CarrierOrderNotFound(carrier_order_id)
    return _order(row)


async def place(conn: AsyncConnection, request: CarrierOrderRequest, now: datetime) -> CarrierOrder:
    carrier_order_id = f"co_{uuid.uuid4().hex}"
    inserted = (
        await conn.execute(
            text(
                "INSERT INTO sandbox_orders (id, order_ref, request, state, outcomes, reasons, created_at) "
                "VALUES (:id, :ref, :request, 'accepted', :outcomes, '{}', :now) "
                "ON CONFLICT (order_ref) DO NOTHING RETURNING id"
            ),
            {
                "id": carrier_order_id,
                "ref": request.order_ref,
                "request": request.model_dump_json(),
                "outcomes": json.dumps({n: NumberOutcome.in_progress.value for n in request.numbers}),
                "now": now,
            },
        )
    ).scalar()
    if inserted is None:  # the same order placed again: the first one
        row = (
            await conn.execute(text("SELECT id FROM sandbox_orders WHERE order_ref = :ref"), {"ref": request.order_ref})
        ).scalar_one()
        return CarrierOrder.model_validate((await get_order(conn, row)).model_dump())
    nums = await _lock_free(
        conn, request.numbers, now, reservation_id=request.reservation_id, holder=request.account.customer_id
    )
    await conn.execute(
        text(
            "UPDATE sandbox_numbers SET status = 'ordered', order_id = :id, reservation_id = NULL, "
            "reserved_until = NULL WHERE num = ANY(:nums)"
        ),
        {"id": carrier_order_id, "nums": nums},
    )
    if request.reservation_id is not None:
        await release(conn, request.reservation_id)  # what it held beyond the order goes back on offer
    return CarrierOrder(
        carrier_order_id=carrier_order_id, order_ref=request.order_ref, state=CarrierOrderState.accepted
    )


async def activate(
    conn: AsyncConnection, carrier_order_id: str, now: datetime, *, standard: timedelta, advanced: timedelta
) -> CarrierOrder:
    """Fulfilment starts: standard numbers take `standard`, advanced ones `advanced` (R-PSTN-30)."""
    order = await get_order(conn, carrier_order_id, for_update=True)
    if order.state == CarrierOrderState.accepted:
        is_advanced = (
            await conn.execute(
                text("SELECT (request->>'advanced')::boolean FROM sandbox_orders WHERE id = :id"),
                {"id": carrier_order_id},
            )
        ).scalar()
        order.expected_at = now + (advanced if is_advanced else standard)  # R-PSTN-30
        order.state = CarrierOrderState.in_progress
        await conn.execute(
            text(
                "UPDATE sandbox_orders SET state = 'in_progress', activated_at = :now, expected_at = :expected "
                "WHERE id = :id"
            ),
            {"id": carrier_order_id, "now": now, "expected": order.expected_at},
        )
    return CarrierOrder.model_validate(order.model_dump())


async def fulfil_due(conn: AsyncConnection, now: datetime) -> list[CarrierOrderStatus]:
    """Finish the orders whose fulfilment time has come; each number succeeds unless a magic value says not."""
    rows = await conn.execute(
        text(
            "SELECT * FROM sandbox_orders WHERE state = 'in_progress' AND expected_at <= :now "
            "ORDER BY expected_at LIMIT 50 FOR UPDATE SKIP LOCKED"
        ),
        {"now": now},
    )
    finished = []
    for row in rows:
        order = _order(row)
        numbers = list(order.numbers)
        whole_order_fails = any(is_magic(n, MagicLine.order_fails) for n in numbers)
        for number in numbers:
            if whole_order_fails or is_magic(number, MagicLine.fails):
                order.numbers[number] = NumberOutcome.failed
                order.reasons[number] = ORDER_FAILURE_REASON if whole_order_fails else FAILURE_REASON
            else:
                order.numbers[number] = NumberOutcome.success
        failed = [n for n, o in order.numbers.items() if o == NumberOutcome.failed]
        order.state = (
            CarrierOrderState.completed
            if not failed
            else CarrierOrderState.failed
            if len(failed) == len(numbers)
            else CarrierOrderState.partially_completed
        )
        await conn.execute(
            text(
                "UPDATE sandbox_orders SET state = :state, outcomes = :outcomes, reasons = :reasons, "
                "finished_at = :now WHERE id = :id"
            ),
            {
                "id": order.carrier_order_id,
                "state": order.state.value,
                "outcomes": json.dumps({n: o.value for n, o in order.numbers.items()}),
                "reasons": json.dumps(order.reasons),
                "now": now,
            },
        )
        succeeded = [national(n) for n, o in order.numbers.items() if o == NumberOutcome.success]
        await conn.execute(
            text("UPDATE sandbox_numbers SET status = 'in_service' WHERE num = ANY(:nums)"), {"nums": succeeded}
        )
        await conn.execute(
            text("UPDATE sandbox_numbers SET status = 'available', order_id = NULL WHERE num = ANY(:nums)"),
            {"nums": [national(n) for n in failed]},
        )
        await conn.execute(
            text("INSERT INTO sandbox_callbacks (order_id, payload, due_at) VALUES (:id, :payload, :now)"),
            {"id": order.carrier_order_id, "payload": order.model_dump_json(), "now": now},
        )
        finished.append(order)
    return finished


async def disconnect(conn: AsyncConnection, numbers: list[str]) -> None:
    await conn.execute(
        text(
            "UPDATE sandbox_numbers SET status = 'available', order_id = NULL "
            "WHERE num = ANY(:nums) AND status = 'in_service'"
        ),
        {"nums": [n for n in map(national, numbers) if n is not None]},
    )
