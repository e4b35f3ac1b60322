"""The numbers parts of pstn_orders (numbers, hunt groups, auto attendants, users), built for create_app."""

from __future__ import annotations

from dataclasses import dataclass

from fastapi import APIRouter

from pstn_orders.auto_attendant.endpoints import router as auto_attendant_router
from pstn_orders.auto_attendant.service import AutoAttendantService
from pstn_orders.carrier.adapter import Carrier
from pstn_orders.emergency_address.service import EmergencyAddressService
from pstn_orders.hunt_group.endpoints import router as hunt_group_router
from pstn_orders.hunt_group.service import HuntGroupService
from pstn_orders.number.emergency_address import NumberAddressService
from pstn_orders.number.endpoints import router as number_router
from pstn_orders.number.lifecycle import NumberLifecycle
from pstn_orders.number.service import NumberService
from pstn_orders.user.consumers import handlers as user_handlers
from pstn_orders.user.endpoints import router as user_router
from pstn_orders.user.service import CallingUserService
from servicekit import Clock, CustomerDirectory, EventHandlers


@dataclass
class NumberParts:
    numbers: NumberService
    lifecycle: NumberLifecycle  # orders call activate/fail on it as the carrier reports each number
    addresses: NumberAddressService
    hunt_groups: HuntGroupService
    auto_attendants: AutoAttendantService
    users: CallingUserService

    @property
    def components(self) -> list[object]:
        return [self.numbers, self.lifecycle, self.addresses, self.hunt_groups, self.auto_attendants, self.users]

    @property
    def routers(self) -> list[APIRouter]:
        return [number_router, hunt_group_router, auto_attendant_router, user_router]

    @property
    def customer_handlers(self) -> EventHandlers:
        """What it hears on the customers topic: the users numbers are assigned to."""
        return user_handlers()


def number_parts(
    *, clock: Clock, carrier: Carrier, directory: CustomerDirectory, emergency_addresses: EmergencyAddressService
) -> NumberParts:
    numbers = NumberService(directory=directory, clock=clock)
    return NumberParts(
        numbers=numbers,
        lifecycle=NumberLifecycle(numbers=numbers, carrier=carrier),
        addresses=NumberAddressService(numbers=numbers, addresses=emergency_addresses),
        hunt_groups=HuntGroupService(numbers=numbers),
        auto_attendants=AutoAttendantService(numbers=numbers),
        users=CallingUserService(directory=directory),
    )
