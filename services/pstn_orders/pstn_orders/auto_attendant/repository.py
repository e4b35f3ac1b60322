"""All SQL on auto attendants."""

from __future__ import annotations

from pstn_orders.auto_attendant.models import AutoAttendant
from pstn_orders.number.call_targets import CallTargetRepository


class AutoAttendantRepository(CallTargetRepository[AutoAttendant]):
    model = AutoAttendant
