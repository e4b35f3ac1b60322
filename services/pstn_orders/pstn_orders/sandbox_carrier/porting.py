"""Ports in at the sandbox: the losing carriers' records, portability, and each port from submission to completion.

A port is judged by its losing carrier `review` after it is submitted (rejected with one code, or a firm order
commitment); it completes on its FOC date, about three weeks after the LOA (R-PSTN-30), or earlier that day when
activated on demand. Each of those is told to the port status handler, delivered again until it takes it.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import text
from sqlalchemy.ext.asyncio import AsyncConnection

from pstn_orders.carrier import (
    CarrierUnavailable,
    CustomerServiceRecord,
    NumberOutcome,
    PortNotFound,
    PortRejection,
    PortRejectionCode,
    PortRequest,
    PortRequestRefused,
    PortState,
    PortStatus,
)
from pstn_orders.sandbox_carrier.magic import MagicLine, is_magic
from pstn_orders.sandbox_carrier.orders import json_value, national
from pstn_orders.sandbox_carrier.porting_checks import (
    documents_rejection,
    record_rejection,
)
from pstn_orders.sandbox_carrier.porting_records import number_facts


@dataclass(frozen=True)
class PortTimings:
    review: timedelta = timedelta(days=2)  # the losing carrier answers: FOC or rejection
    after_loa: timedelta = timedelta(days=21)  # R-PSTN-30: ports about 3 weeks after the LOA is signed
    cancel_confirmation: timedelta = timedelta(minutes=30)  # a cancellation is confirmed by the carrier later


def refuse_what_is_not_self_service(request: PortRequest) -> None:
    if request.voice != request.messaging:  # R-PSTN-18
        raise PortRequestRefused(
            "in the US and Canada a port moves voice and messaging together; porting only one of them is a "
            "request to PSTN technical support",
            rule="R-PSTN-18",
        )
    if not request.voice:
        raise PortRequestRefused("a port moves the numbers' voice and messaging services", rule="R-PSTN-18")
    if not request.numbers:
        raise PortRequestRefused("a port needs at least one number")
    foreign = [n for n in request.numbers if national(n) is None]
    if foreign:
        raise PortRequestRefused(f"not US or Canadian numbers: {', '.join(foreign)}")
    if any(is_magic(n, MagicLine.unavailable) for n in request.numbers):
        raise CarrierUnavailable("the carrier did not answer")


def _status(row: Any) -> PortStatus:
    request = PortRequest.model_validate(json_value(row.request))
    state = PortState(row.state)
    rejection = None if row.rejection is None else PortRejection.model_validate(json_value(row.rejection))
    if state == PortState.completed:
        outcomes = dict.fromkeys(request.numbers, NumberOutcome.success)
    elif state == PortState.cancelled:
        outcomes = dict.fromkeys(request.numbers, NumberOutcome.failed)
    else:
        outcomes = dict.fromkeys(request.numbers, NumberOutcome.in_progress)
        if rejection is not None:
            outcomes.update(dict.fromkeys(rejection.numbers, NumberOutcome.failed))
    return PortStatus(
        carrier_port_id=row.id,
        order_ref=row.order_ref,
        state=state,
        foc_at=row.foc_at,
        rejection=rejection,
        numbers=outcomes,
    )


async def _row(conn: AsyncConnection, carrier_port_id: str) -> Any:
    row = (
        await conn.execute(text("SELECT * FROM sandbox_ports WHERE id = :id FOR UPDATE"), {"id": carrier_port_id})
    ).first()
    if row is None:
        raise PortNotFound(carrier_port_id)
    return row


async def port_status(conn: AsyncConnection, carrier_port_id: str) -> PortStatus:
    return _status(await _row(conn, carrier_port_id))


async def submit(conn: AsyncConnection, request: PortRequest, now: datetime, timings: PortTimings) -> PortStatus:
    """Idempotent on order_ref; a rejected port submitted again is a new try with the new request."""
    refuse_what_is_not_self_service(request)
    row = (
        await conn.execute(
            text(
                "INSERT INTO sandbox_ports (id, order_ref, request, state, tries, submitted_at, decide_at) "
                "VALUES (:id, :ref, :request, 'submitted', 1, :now, :due) ON CONFLICT (order_ref) DO NOTHING "
                "RETURNING *"
            ),
            {
                "id": f"cp_{uuid.uuid4().hex}",
                "ref": request.order_ref,
                "request": request.model_dump_json(),
                "now": now,
                "due": now + timings.review,
            },
        )
    ).first()
    if row is not None:
        return _status(row)
    row = (
        await conn.execute(
            text("SELECT * FROM sandbox_ports WHERE order_ref = :ref FOR UPDATE"), {"ref": request.order_ref}
        )
    ).one()
    if row.state != PortState.rejected:  # the same submission again: the port as it is
        return _status(row)
    return await _resubmit(conn, row.id, request, now, timings, tries=row.tries + 1)


async def _resubmit(
    conn: AsyncConnection, port_id: str, request: PortRequest, now: datetime, timings: PortTimings, *, tries: int
) -> PortStatus:
    row = (
        await conn.execute(
            text(
                "UPDATE sandbox_ports SET request = :request, state = 'submitted', tries = :tries, "
                "submitted_at = :now, decide_at = :due, foc_at = NULL, rejection = NULL WHERE id = :id RETURNING *"
            ),
            {
                "id": port_id,
                "request": request.model_dump_json(),
                "tries": tries,
                "now": now,
                "due": now + timings.review,
            },
        )
    ).one()
    return _status(row)


async def supplement(
    conn: AsyncConnection, carrier_port_id: str, request: PortRequest, now: datetime, timings: PortTimings
) -> PortStatus:
    """A submitted port's new date or details: the losing carrier reviews it again (a FOC given is withdrawn)."""
    refuse_what_is_not_self_service(request)
    row = await _row(conn, carrier_port_id)
    if row.state not in (PortState.submitted, PortState.foc_received) or row.cancel_at is not None:
        raise PortRequestRefused(f"a {row.state} port cannot be supplemented")
    return await _resubmit(conn, row.id, request, now, timings, tries=row.tries)


async def cancel(conn: AsyncConnection, carrier_port_id: str, now: datetime, timings: PortTimings) -> PortStatus:
    """Ask for the cancellation: the carrier confirms it later (a status `cancelled`); meanwhile the port stays."""
    row = await _row(conn, carrier_port_id)
    if row.state == PortState.completed:
        raise PortRequestRefused("a completed port cannot be cancelled")
    if row.state != PortState.cancelled and row.cancel_at is None:
        await conn.execute(
            text("UPDATE sandbox_ports SET cancel_at = :due WHERE id = :id"),
            {"id": row.id, "due": now + timings.cancel_confirmation},
        )
    return _status(row)


async def activate(conn: AsyncConnection, carrier_port_id: str, now: datetime) -> PortStatus:
    """On-demand activation on the FOC day: the port completes now."""
    row = await _row(conn, carrier_port_id)
    if row.state == PortState.completed:
        return _status(row)
    if row.state != PortState.foc_received or row.cancel_at is not None:
        raise PortRequestRefused(f"a {row.state} port cannot be activated")
    if now.date() < row.foc_at.date():
        raise PortRequestRefused(f"the port can be activated on its FOC date, {row.foc_at.date().isoformat()}")
    return await _complete(conn, row.id, now)


async def _set(conn: AsyncConnection, port_id: str, now: datetime, **fields: Any) -> PortStatus:
    columns = ", ".join(f"{name} = :{name}" for name in fields)
    row = (
        await conn.execute(
            text(f"UPDATE sandbox_ports SET {columns} WHERE id = :id RETURNING *"), {"id": port_id, **fields}
        )
    ).one()
    status = _status(row)
    await conn.execute(
        text("INSERT INTO sandbox_callbacks (order_id, kind, payload, due_at) VALUES (:id, 'port', :payload, :now)"),
        {"id": port_id, "payload": status.model_dump_json(), "now": now},
    )
    return status


async def _complete(conn: AsyncConnection, port_id: str, now: datetime) -> PortStatus:
    return await _set(conn, port_id, now, state=PortState.completed.value, decide_at=None, finished_at=now)


async def _decide(conn: AsyncConnection, row: Any, now: datetime, timings: PortTimings) -> PortStatus:
    """The losing carrier's answer: the first problem it finds, or a firm order commitment."""
    request = PortRequest.model_validate(json_value(row.request))
    rejection = documents_rejection(request, row.submitted_at)
    if rejection is None:
        account = (
            await conn.execute(
                text("SELECT record, pin, answers FROM sandbox_port_accounts WHERE btn = :btn"),
                {"btn": request.losing.btn},
            )
        ).first()
        rejection = record_rejection(
            request,
            None if account is None else CustomerServiceRecord.model_validate(json_value(account.record)),
            await number_facts(conn, request.numbers),
            pin=None if account is None else account.pin,
            answers=None if account is None or account.answers is None else PortRejectionCode(account.answers),
        )
    if rejection is not None:  # R-PSTN-22
        return await _set(
            conn, row.id, now, state=PortState.rejected.value, decide_at=None, rejection=rejection.model_dump_json()
        )
    foc_at = max(request.loa_signed_at + timings.after_loa, now + timedelta(days=1))  # R-PSTN-30
    if request.requested_at is not None:
        foc_at = max(foc_at, request.requested_at)
    return await _set(conn, row.id, now, state=PortState.foc_received.value, foc_at=foc_at, decide_at=foc_at)


async def play_due(conn: AsyncConnection, now: datetime, timings: PortTimings) -> list[PortStatus]:
    """Confirm the cancellations, give the answers and complete the ports whose time has come."""
    told = []
    rows = await conn.execute(
        text(
            "SELECT * FROM sandbox_ports WHERE state NOT IN ('completed', 'cancelled') AND "
            "(cancel_at <= :now OR (decide_at <= :now AND cancel_at IS NULL)) "
            "ORDER BY submitted_at LIMIT 50 FOR UPDATE SKIP LOCKED"
        ),
        {"now": now},
    )
    for row in list(rows):
        if row.cancel_at is not None:
            told.append(await _set(conn, row.id, now, state=PortState.cancelled.value, decide_at=None, finished_at=now))
        elif row.state == PortState.submitted:
            told.append(await _decide(conn, row, now, timings))
        else:
            told.append(await _complete(conn, row.id, now))
    return told
