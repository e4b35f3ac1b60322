"""A number's own emergency address (R-PSTN-10: a remote worker's), instead of its location's."""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from typing import Literal

from sqlalchemy.ext.asyncio import AsyncSession

from contracts.events import NumberEmergencyAddressChanged
from pstn_orders.emergency_address.models import EmergencyAddress
from pstn_orders.emergency_address.repository import EmergencyAddressRepository
from pstn_orders.emergency_address.schemas import EmergencyAddressInput
from pstn_orders.emergency_address.service import EmergencyAddressService
from pstn_orders.number.errors import NumberNotActive, OwnAddressNotValid
from pstn_orders.number.models import PhoneNumber
from pstn_orders.number.service import NumberService, number_fields
from servicekit import Principal, check_version, emit

_ANSWER = {
    "corrected_pending": "The carrier corrected the address: PUT `suggested` to use it. Nothing was changed.",
    "ambiguous": "The address matches several the carrier knows: PUT the one of `candidates` meant. Nothing was "
    "changed.",
}


@dataclass
class NumberAddress:
    """The address emergency calls from the number are routed to, and whose it is."""

    row: PhoneNumber
    source: Literal["number", "location"]
    emergency_address: EmergencyAddress | None  # none while the location has none

    @property
    def number_id(self) -> uuid.UUID:
        return self.row.id

    @property
    def number(self) -> str:
        return self.row.number

    @property
    def version(self) -> int:
        return self.row.version


class NumberAddressService:
    def __init__(self, *, numbers: NumberService, addresses: EmergencyAddressService) -> None:
        self.numbers = numbers
        self.addresses = addresses

    async def get(
        self, session: AsyncSession, customer_id: uuid.UUID, number_id: uuid.UUID, *, principal: Principal
    ) -> NumberAddress:
        number = await self.numbers.get(session, customer_id, number_id, principal=principal)
        return await self._effective(session, number)

    async def put(
        self,
        session: AsyncSession,
        customer_id: uuid.UUID,
        number_id: uuid.UUID,
        data: EmergencyAddressInput,
        *,
        principal: Principal,
        if_match: str | None = None,
    ) -> NumberAddress:
        """Give the number its own address, or edit it (R-PSTN-10); only one the carrier validated is taken."""
        await self.numbers.directory.require_active(session, customer_id, principal=principal)
        number = await self.numbers.get_for_update(session, customer_id, number_id, principal=principal)
        check_version(if_match, number.version, "number")
        if number.state == "released":
            raise NumberNotActive(number.number, number.state)
        address = await self.addresses.validate(session, number, data)  # an invalid one is refused here
        if not address.usable:
            # The number never points at an address calls cannot be routed to; raising rolls the new one back.
            raise OwnAddressNotValid(
                _ANSWER[address.status],
                address_status=address.status,
                suggested=address.suggested,
                candidates=address.candidates,
            )
        number.emergency_address_id = address.id  # R-PSTN-10
        await session.flush()
        await emit(session, NumberEmergencyAddressChanged(**number_fields(number), emergency_address_id=address.id))
        return NumberAddress(number, "number", address)

    async def remove(
        self,
        session: AsyncSession,
        customer_id: uuid.UUID,
        number_id: uuid.UUID,
        *,
        principal: Principal,
        if_match: str | None = None,
    ) -> NumberAddress:
        """The number goes back to its location's address."""
        number = await self.numbers.get_for_update(session, customer_id, number_id, principal=principal)
        check_version(if_match, number.version, "number")
        if number.emergency_address_id is not None:
            number.emergency_address_id = None
            await session.flush()
            await emit(session, NumberEmergencyAddressChanged(**number_fields(number), emergency_address_id=None))
        return await self._effective(session, number)

    async def _effective(self, session: AsyncSession, number: PhoneNumber) -> NumberAddress:
        addresses = EmergencyAddressRepository(session, tenant_path=number.tenant_path)
        if number.emergency_address_id is not None:
            return NumberAddress(number, "number", await addresses.get(number.emergency_address_id))
        return NumberAddress(number, "location", await addresses.of_location(number.location_id))
