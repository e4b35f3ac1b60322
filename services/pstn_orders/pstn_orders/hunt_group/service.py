"""Hunt groups: created, renamed, moved, given numbers, deleted; every change an event."""

from __future__ import annotations

from contracts.events import HuntGroupCreated, HuntGroupDeleted, HuntGroupUpdated
from pstn_orders.hunt_group.errors import HuntGroupNotFound
from pstn_orders.hunt_group.models import HuntGroup
from pstn_orders.hunt_group.repository import HuntGroupRepository
from pstn_orders.number.call_targets import CallTargetService


class HuntGroupService(CallTargetService[HuntGroup]):
    kind = "hunt_group"
    label = "hunt group"
    repository = HuntGroupRepository
    created = HuntGroupCreated
    updated = HuntGroupUpdated
    deleted = HuntGroupDeleted
    id_field = "hunt_group_id"
    not_found = HuntGroupNotFound
