"""The problems hunt groups answer besides those of their numbers."""

from __future__ import annotations

from pstn_orders.number.call_targets import CallTargetNotFound


class HuntGroupNotFound(CallTargetNotFound):
    type = "hunt-group-not-found"
    title = "Hunt group not found"
