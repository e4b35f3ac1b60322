"""All SQL on hunt groups."""

from __future__ import annotations

from pstn_orders.hunt_group.models import HuntGroup
from pstn_orders.number.call_targets import CallTargetRepository


class HuntGroupRepository(CallTargetRepository[HuntGroup]):
    model = HuntGroup
