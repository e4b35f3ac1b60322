"""Hunt groups over HTTP: a name, a location and the numbers that ring into it."""

from __future__ import annotations

from pstn_orders.number.call_targets import CallTargetCreate, CallTargetRead, CallTargetUpdate


class HuntGroupCreate(CallTargetCreate):
    pass


class HuntGroupUpdate(CallTargetUpdate):
    pass


class HuntGroupRead(CallTargetRead):
    pass
