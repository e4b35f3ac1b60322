"""A customer's numbers: listed and counted by state (R-PSTN-38), assigned to a user, a hunt group or an auto
attendant, and unassigned."""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from typing import TypedDict, cast

from sqlalchemy.ext.asyncio import AsyncSession

from contracts.events import NumberAssigned, NumberUnassigned
from pstn_orders.auto_attendant.repository import AutoAttendantRepository
from pstn_orders.hunt_group.repository import HuntGroupRepository
from pstn_orders.number.errors import (
    AssigneeNotFound,
    NumberAlreadyAssigned,
    NumberNotActive,
    NumberNotAssigned,
    NumberNotFound,
    UserHasNumber,
)
from pstn_orders.number.models import PhoneNumber
from pstn_orders.number.repository import ACTIVE, NumberRepository
from pstn_orders.number.schemas import AssigneeKind, AssignmentUpdate, LocationCounts, NumberCounts
from pstn_orders.user.repository import CallingUserRepository
from servicekit import (
    Clock,
    CustomerDirectory,
    KnownCustomer,
    PageRequest,
    Principal,
    ValidationFailed,
    check_version,
    emit,
)


class NumberService:
    def __init__(self, *, directory: CustomerDirectory, clock: Clock) -> None:
        self.directory = directory
        self.clock = clock

    async def get(
        self, session: AsyncSession, customer_id: uuid.UUID, number_id: uuid.UUID, *, principal: Principal
    ) -> PhoneNumber:
        customer = await self.directory.get(session, customer_id, principal=principal)
        number = await NumberRepository.for_caller(session, principal).get(customer.customer_id, number_id)
        if number is None:
            raise NumberNotFound(customer_id, number_id)
        return number

    async def counts(self, session: AsyncSession, customer_id: uuid.UUID, *, principal: Principal) -> NumberCounts:
        """R-PSTN-38: how many numbers the customer holds in each state, in all and per location."""
        customer = await self.directory.get(session, customer_id, principal=principal)
        rows = await NumberRepository.for_caller(session, principal).counts(customer.customer_id)  # R-PSTN-38
        total = NumberCounts(customer_id=customer.customer_id, locations=[])
        per_location: dict[uuid.UUID, LocationCounts] = {}
        for location_id, state, count in rows:
            at = per_location.setdefault(location_id, LocationCounts(location_id=location_id))
            for counts in (at, total):
                setattr(counts, state, getattr(counts, state) + count)
                counts.total += count
        total.locations = list(per_location.values())
        return total

    async def assign(
        self,
        session: AsyncSession,
        customer_id: uuid.UUID,
        number_id: uuid.UUID,
        data: AssignmentUpdate,
        *,
        principal: Principal,
        if_match: str | None = None,
    ) -> PhoneNumber:
        # A suspended or cancelled customer takes no new assignment (CustomerNotActive).
        customer = await self.directory.require_active(session, customer_id, principal=principal)
        number = await self.get_for_update(session, customer_id, number_id, principal=principal)
        check_version(if_match, number.version, "number")
        await self.require_assignee(session, customer, data.assignee_kind, data.assignee_id, principal=principal)
        await self.assign_to(session, number, data.assignee_kind, data.assignee_id, principal=principal)
        return number

    async def unassign(
        self,
        session: AsyncSession,
        customer_id: uuid.UUID,
        number_id: uuid.UUID,
        *,
        principal: Principal,
        if_match: str | None = None,
    ) -> PhoneNumber:
        number = await self.get_for_update(session, customer_id, number_id, principal=principal)
        check_version(if_match, number.version, "number")
        if number.assignee_id is None:
            raise NumberNotAssigned(number.number)
        await self.unassign_from(session, number)
        return number

    async def require_assignee(
        self,
        session: AsyncSession,
        customer: KnownCustomer,
        kind: AssigneeKind,
        assignee_id: uuid.UUID,
        *,
        principal: Principal,
    ) -> None:
        """The user, hunt group or auto attendant is the customer's own."""
        found: object | None
        if kind == "user":
            found = await CallingUserRepository.for_caller(session, principal).get(customer.customer_id, assignee_id)
        elif kind == "hunt_group":
            found = await HuntGroupRepository.for_caller(session, principal).get(customer.customer_id, assignee_id)
        else:
            found = await AutoAttendantRepository.for_caller(session, principal).get(customer.customer_id, assignee_id)
        if found is None:
            raise AssigneeNotFound(kind, assignee_id)

    async def assign_to(
        self,
        session: AsyncSession,
        number: PhoneNumber,
        kind: AssigneeKind,
        assignee_id: uuid.UUID,
        *,
        principal: Principal,
    ) -> bool:
        """Assign an active number; False when it already was assigned there."""
        ported_pending = number.state == "pending" and number.port_order_id is not None
        if number.state not in ACTIVE and not ported_pending:  # R-PSTN-39: a port's numbers before it completes
            raise NumberNotActive(number.number, number.state)
        if number.assignee_id is not None:
            if (number.assignee_kind, number.assignee_id) == (kind, assignee_id):
                return False
            assert number.assignee_kind is not None
            assert number.assignee_id is not None
            raise NumberAlreadyAssigned(number.number, number.assignee_kind, number.assignee_id)
        if kind == "user":
            held = await NumberRepository.for_caller(session, principal).assigned_to("user", assignee_id)
            if held:  # a user answers on one number
                raise UserHasNumber(assignee_id, held[0].number)
        number.assignee_kind, number.assignee_id = kind, assignee_id
        if not ported_pending:  # R-PSTN-39: pending until the port completes, carrying no calls
            number.state = "assigned"
        await session.flush()
        await emit(
            session,
            NumberAssigned(**number_fields(number), assignee_kind=kind, assignee_id=assignee_id),
        )
        return True

    async def unassign_from(self, session: AsyncSession, number: PhoneNumber) -> None:
        assert number.assignee_kind is not None
        assert number.assignee_id is not None
        kind, assignee_id = cast(AssigneeKind, number.assignee_kind), number.assignee_id
        number.assignee_kind, number.assignee_id = None, None
        if number.state == "assigned":
            number.state = "unassigned"
        await session.flush()
        await emit(
            session,
            NumberUnassigned(**number_fields(number), assignee_kind=kind, assignee_id=assignee_id),
        )

    async def held_numbers(
        self, session: AsyncSession, customer: KnownCustomer, numbers: Sequence[str], *, principal: Principal
    ) -> list[PhoneNumber]:
        """The customer's rows of these E.164 numbers, locked; a number it does not hold names the field."""
        found = await NumberRepository.for_caller(session, principal).by_numbers(customer.customer_id, numbers)
        by_number = {n.number: n for n in found}
        for i, wanted in enumerate(numbers):
            if wanted not in by_number:
                raise ValidationFailed.field(f"numbers[{i}]", f"{wanted} is not a number of the customer")
        return [by_number[n] for n in numbers]

    async def get_for_update(
        self, session: AsyncSession, customer_id: uuid.UUID, number_id: uuid.UUID, *, principal: Principal
    ) -> PhoneNumber:
        customer = await self.directory.get(session, customer_id, principal=principal)
        number = await NumberRepository.for_caller(session, principal).get(
            customer.customer_id, number_id, for_update=True
        )
        if number is None:
            raise NumberNotFound(customer_id, number_id)
        return number

    async def list(
        self,
        session: AsyncSession,
        customer_id: uuid.UUID,
        page: PageRequest,
        *,
        principal: Principal,
        state: str = "all",
        order_id: uuid.UUID | None = None,
        location_id: uuid.UUID | None = None,
        contains: str | None = None,
    ) -> Sequence[PhoneNumber]:
        customer = await self.directory.get(session, customer_id, principal=principal)
        numbers = NumberRepository.for_caller(session, principal)
        return await numbers.list(
            customer.customer_id, page, state=state, order_id=order_id, location_id=location_id, contains=contains
        )


class NumberFields(TypedDict):
    customer_id: uuid.UUID
    tenant_path: str
    number_id: uuid.UUID
    number: str
    location_id: uuid.UUID


def number_fields(number: PhoneNumber) -> NumberFields:
    """What every number event says of the number it is about."""
    return NumberFields(
        customer_id=number.customer_id,
        tenant_path=number.tenant_path,
        number_id=number.id,
        number=number.number,
        location_id=number.location_id,
    )
