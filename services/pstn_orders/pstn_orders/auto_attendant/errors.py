"""The problems auto attendants answer besides those of their numbers."""

from __future__ import annotations

from pstn_orders.number.call_targets import CallTargetNotFound


class AutoAttendantNotFound(CallTargetNotFound):
    type = "auto-attendant-not-found"
    title = "Auto attendant not found"
