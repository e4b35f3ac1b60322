"""What every change of a port order shares: the states each action is allowed in (R-PSTN-21), the timeline
entry and the event."""

from __future__ import annotations

import secrets
import time
import uuid

from sqlalchemy.ext.asyncio import AsyncSession

from contracts.events import PortOrderStateChanged, PortOrderUpdated
from pstn_orders.port_order.errors import PortOrderState
from pstn_orders.port_order.models import PortOrder, PortOrderEntry
from servicekit import Clock, emit

# R-PSTN-21: the only states each action may start from.
ALLOWED: dict[str, tuple[str, ...]] = {
    "edit": ("pending", "rejected"),
    "submit": ("pending", "rejected"),
    "supplement": ("submitted", "foc_received"),
    "cancel": ("pending", "rejected", "submitted", "foc_received"),
    "activate": ("foc_received",),
    "split": ("rejected",),
}
# What the carrier may move an order to, from which states (repeats and stale callbacks change nothing).
CARRIER_MOVES: dict[str, tuple[str, ...]] = {
    "rejected": ("submitted",),
    "foc_received": ("submitted", "foc_received"),
    "completed": ("submitted", "foc_received"),
    "cancelled": ("pending", "submitted", "rejected", "foc_received"),
}


def entry_id() -> uuid.UUID:
    """Ids that grow with the wall clock: entries of one transaction share its time and still page in order."""
    return uuid.UUID(int=(time.time_ns() << 64) | secrets.randbits(64))


def require(order: PortOrder, action: str) -> None:
    allowed = ALLOWED[action]
    if order.state not in allowed:
        raise PortOrderState(order.state, action, list(allowed))  # R-PSTN-21
    if order.cancel_requested_at is not None and action != "cancel":
        raise PortOrderState("cancel-pending", action, list(allowed))  # R-PSTN-21: the carrier is confirming


async def transition(
    session: AsyncSession,
    clock: Clock,
    order: PortOrder,
    *,
    to_state: str,
    action: str,
    actor: str,
    reason: str | None = None,
    rejection_code: str | None = None,
) -> None:
    """Move the order (or record an action that keeps its state) on its timeline, with its event."""
    from_state, now = order.state, clock.now()
    order.state = to_state
    session.add(
        PortOrderEntry(
            port_order_id=order.id,
            id=entry_id(),
            created_at=now,
            actor=actor,
            action=action,
            from_state=from_state,
            to_state=to_state,
            reason=reason,
        )
    )
    await session.flush()
    await emit(
        session,
        PortOrderStateChanged(
            customer_id=order.customer_id,
            tenant_path=order.tenant_path,
            port_order_id=order.id,
            order_number=order.order_number,
            action=action,
            from_state=from_state,
            to_state=to_state,
            cancel_pending=order.cancel_requested_at is not None and to_state != "cancelled",
            actor=actor,
            reason=reason,
            rejection_code=rejection_code,
            foc_at=order.foc_at,
            completed_at=order.completed_at,
        ),
    )


async def updated(session: AsyncSession, clock: Clock, order: PortOrder, *, action: str, actor: str) -> None:
    """A change of the order's details or documents: on the timeline, and told."""
    session.add(
        PortOrderEntry(
            port_order_id=order.id,
            id=entry_id(),
            created_at=clock.now(),
            actor=actor,
            action=action,
            from_state=order.state,
            to_state=order.state,
        )
    )
    await session.flush()
    await emit(
        session,
        PortOrderUpdated(
            customer_id=order.customer_id,
            tenant_path=order.tenant_path,
            port_order_id=order.id,
            order_number=order.order_number,
            action=action,
            state=order.state,
            numbers=len(order.numbers),
        ),
    )
