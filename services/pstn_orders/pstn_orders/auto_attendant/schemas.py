"""Auto attendants over HTTP: a name, a location and the numbers that it answers."""

from __future__ import annotations

from pstn_orders.number.call_targets import CallTargetCreate, CallTargetRead, CallTargetUpdate


class AutoAttendantCreate(CallTargetCreate):
    pass


class AutoAttendantUpdate(CallTargetUpdate):
    pass


class AutoAttendantRead(CallTargetRead):
    pass
