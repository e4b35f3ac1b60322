"""Auto attendants: created, renamed, moved, given numbers, deleted; every change an event."""

from __future__ import annotations

from contracts.events import AutoAttendantCreated, AutoAttendantDeleted, AutoAttendantUpdated
from pstn_orders.auto_attendant.errors import AutoAttendantNotFound
from pstn_orders.auto_attendant.models import AutoAttendant
from pstn_orders.auto_attendant.repository import AutoAttendantRepository
from pstn_orders.number.call_targets import CallTargetService


class AutoAttendantService(CallTargetService[AutoAttendant]):
    kind = "auto_attendant"
    label = "auto attendant"
    repository = AutoAttendantRepository
    created = AutoAttendantCreated
    updated = AutoAttendantUpdated
    deleted = AutoAttendantDeleted
    id_field = "auto_attendant_id"
    not_found = AutoAttendantNotFound
