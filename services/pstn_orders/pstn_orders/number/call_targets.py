"""What numbers ring into besides users: hunt groups and auto attendants, minimal here (name, location,
numbers). One implementation; each kind names its table, its events and its problems."""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from datetime import datetime
from typing import TYPE_CHECKING, Annotated, Any, ClassVar, Generic, Literal, TypeVar

from pydantic import AfterValidator, BaseModel, ConfigDict, Field, StringConstraints
from sqlalchemy import delete, select
from sqlalchemy.ext.asyncio import AsyncSession

from contracts.events.pstn import CallTargetEvent
from pstn_orders.location.models import Location
from pstn_orders.location.repository import LocationRepository
from pstn_orders.number.models import CallTargetColumns
from pstn_orders.number.repository import NumberRepository, WithNumbers
from servicekit import (
    KnownCustomer,
    NotFound,
    PageRequest,
    Principal,
    SingleLine,
    TenantRepository,
    ValidationFailed,
    check_version,
    emit,
    paginate,
)

if TYPE_CHECKING:
    from pstn_orders.number.service import NumberService

TargetKind = Literal["hunt_group", "auto_attendant"]


T = TypeVar("T", bound=CallTargetColumns)


def _distinct(numbers: list[str]) -> list[str]:
    return list(dict.fromkeys(numbers))


# The shape only: whether it is a real number is whether the customer holds it (answered naming the field).
E164 = Annotated[str, StringConstraints(pattern=r"^\+[1-9][0-9]{6,14}$")]
Numbers = Annotated[list[E164], AfterValidator(_distinct)]
Name = Annotated[SingleLine, StringConstraints(min_length=1, max_length=200)]


class CallTargetCreate(BaseModel):
    model_config = ConfigDict(
        extra="forbid",
        json_schema_extra={
            "examples": [
                {
                    "name": "Front desk",
                    "location_id": "7d3e9a10-2b4c-4e8f-a1d2-6c5b4a3f2e10",
                    "numbers": ["+12125550123"],
                }
            ]
        },
    )

    name: Name
    location_id: uuid.UUID
    numbers: Numbers = Field(default_factory=list, max_length=100, description="Numbers that ring into it")


class CallTargetUpdate(BaseModel):
    model_config = ConfigDict(
        extra="forbid",
        json_schema_extra={"examples": [{"name": "Reception", "numbers": ["+12125550123", "+12125550124"]}]},
    )

    name: Name | None = None
    location_id: uuid.UUID | None = None
    numbers: Numbers | None = Field(None, max_length=100, description="The whole new set of its numbers")


class CallTargetRead(BaseModel):
    model_config = ConfigDict(
        from_attributes=True,
        json_schema_extra={
            "examples": [
                {
                    "id": "3c2b1a09-8f7e-4d6c-9b5a-4f3e2d1c0b9a",
                    "customer_id": "0b9f6c2e-4a51-4c1e-9a0f-3d2b7e5c8a11",
                    "location_id": "7d3e9a10-2b4c-4e8f-a1d2-6c5b4a3f2e10",
                    "name": "Front desk",
                    "numbers": ["+12125550123"],
                    "version": 1,
                    "created_at": "2026-12-02T09:50:00Z",
                    "updated_at": "2026-12-02T09:50:00Z",
                }
            ]
        },
    )

    id: uuid.UUID
    customer_id: uuid.UUID
    location_id: uuid.UUID
    name: str
    numbers: list[str]
    version: int
    created_at: datetime
    updated_at: datetime


class CallTarget(WithNumbers[T]):
    """A hunt group or auto attendant with the numbers assigned to it."""


class CallTargetRepository(TenantRepository, Generic[T]):
    model: ClassVar[type[Any]]  # the mapped class: HuntGroup, AutoAttendant

    async def get(self, customer_id: uuid.UUID, target_id: uuid.UUID, *, for_update: bool = False) -> T | None:
        m = self.model
        stmt = select(m).where(self.in_tenant(m.tenant_path), m.customer_id == customer_id, m.id == target_id)
        found: T | None = await self.session.scalar(stmt.with_for_update() if for_update else stmt)
        return found

    async def add(self, row: T) -> T:
        self.session.add(row)
        await self.session.flush()
        return row

    async def remove(self, row: T) -> None:
        m = self.model
        await self.session.execute(delete(m).where(m.id == row.id))

    async def list(self, customer_id: uuid.UUID, page: PageRequest) -> Sequence[T]:
        m = self.model
        stmt = select(m).where(self.in_tenant(m.tenant_path), m.customer_id == customer_id)
        rows: Sequence[T] = (await self.session.scalars(paginate(stmt, m.created_at, m.id, page))).all()
        return rows


class CallTargetService(Generic[T]):
    kind: ClassVar[TargetKind]
    label: ClassVar[str]  # "hunt group"
    repository: ClassVar[type[CallTargetRepository[Any]]]
    created: ClassVar[type[CallTargetEvent]]
    updated: ClassVar[type[CallTargetEvent]]
    deleted: ClassVar[type[CallTargetEvent]]
    id_field: ClassVar[str]  # the event field naming it: "hunt_group_id"
    not_found: ClassVar[type[CallTargetNotFound]]

    def __init__(self, *, numbers: NumberService) -> None:
        self.numbers = numbers

    async def create(
        self, session: AsyncSession, customer_id: uuid.UUID, data: CallTargetCreate, *, principal: Principal
    ) -> CallTarget[T]:
        customer = await self.numbers.directory.require_active(session, customer_id, principal=principal)
        location = await self._require_location(session, customer, data.location_id, principal)
        row = self.repository.model(
            customer_id=customer.customer_id,
            tenant_path=location.tenant_path,  # the customer's place in the tree
            location_id=data.location_id,
            name=data.name,
        )
        row = await self.repository.for_caller(session, principal).add(row)
        for number in await self.numbers.held_numbers(session, customer, data.numbers, principal=principal):
            await self.numbers.assign_to(session, number, self.kind, row.id, principal=principal)
        target = CallTarget(row, sorted(data.numbers))
        await self._emit(session, self.created, target)
        return target

    async def get(
        self, session: AsyncSession, customer_id: uuid.UUID, target_id: uuid.UUID, *, principal: Principal
    ) -> CallTarget[T]:
        customer = await self.numbers.directory.get(session, customer_id, principal=principal)
        row = await self._row(session, customer, target_id, principal)
        return (await self._with_numbers(session, [row], principal))[0]

    async def update(
        self,
        session: AsyncSession,
        customer_id: uuid.UUID,
        target_id: uuid.UUID,
        data: CallTargetUpdate,
        *,
        principal: Principal,
        if_match: str | None = None,
    ) -> CallTarget[T]:
        customer = await self.numbers.directory.get(session, customer_id, principal=principal)
        row = await self._row(session, customer, target_id, principal, for_update=True)
        check_version(if_match, row.version, self.label)
        if data.location_id is not None and data.location_id != row.location_id:
            await self._require_location(session, customer, data.location_id, principal)
            row.location_id = data.location_id
        if data.name is not None:
            row.name = data.name
        # One new version for the whole change, a change of its numbers alone too (a new ETag).
        row.updated_at = self.numbers.clock.now()
        await session.flush()
        if data.numbers is not None:
            await self._renumber(session, customer, row, data.numbers, principal)
        target = (await self._with_numbers(session, [row], principal))[0]
        await self._emit(session, self.updated, target)
        return target

    async def delete(
        self,
        session: AsyncSession,
        customer_id: uuid.UUID,
        target_id: uuid.UUID,
        *,
        principal: Principal,
        if_match: str | None = None,
    ) -> None:
        """Delete it; its numbers stay the customer's, unassigned."""
        customer = await self.numbers.directory.get(session, customer_id, principal=principal)
        row = await self._row(session, customer, target_id, principal, for_update=True)
        check_version(if_match, row.version, self.label)
        numbers = await NumberRepository.for_caller(session, principal).assigned_to(self.kind, row.id, for_update=True)
        for number in numbers:
            await self.numbers.unassign_from(session, number)
        await self._emit(session, self.deleted, CallTarget(row, [n.number for n in numbers]))
        await self.repository.for_caller(session, principal).remove(row)

    async def _renumber(
        self, session: AsyncSession, customer: KnownCustomer, row: T, wanted: list[str], principal: Principal
    ) -> None:
        numbers = NumberRepository.for_caller(session, principal)
        current = await numbers.assigned_to(self.kind, row.id, for_update=True)
        for number in current:
            if number.number not in wanted:
                await self.numbers.unassign_from(session, number)
        if set(wanted) - {n.number for n in current}:
            # New numbers are new work: not for a suspended or cancelled customer.
            await self.numbers.directory.require_active(session, customer.customer_id, principal=principal)
        for number in await self.numbers.held_numbers(session, customer, wanted, principal=principal):
            await self.numbers.assign_to(session, number, self.kind, row.id, principal=principal)

    async def _row(
        self,
        session: AsyncSession,
        customer: KnownCustomer,
        target_id: uuid.UUID,
        principal: Principal,
        *,
        for_update: bool = False,
    ) -> T:
        found: T | None = await self.repository.for_caller(session, principal).get(
            customer.customer_id, target_id, for_update=for_update
        )
        if found is None:
            named: dict[str, Any] = {f"{self.kind}_id": str(target_id)}
            raise self.not_found(f"No {self.label} {target_id} of the customer.", **named)
        return found

    async def _require_location(
        self, session: AsyncSession, customer: KnownCustomer, location_id: uuid.UUID, principal: Principal
    ) -> Location:
        location = await LocationRepository.for_caller(session, principal).get(location_id)
        if location is None or location.customer_id != customer.customer_id:
            raise ValidationFailed.field("location_id", "is not a location of the customer", rule="R-HIER-03")
        return location

    async def _with_numbers(
        self, session: AsyncSession, rows: Sequence[T], principal: Principal
    ) -> list[CallTarget[T]]:
        numbers = await NumberRepository.for_caller(session, principal).numbers_of(self.kind, [r.id for r in rows])
        return [CallTarget(r, numbers[r.id]) for r in rows]

    async def _emit(self, session: AsyncSession, event: type[CallTargetEvent], target: CallTarget[T]) -> None:
        row = target.row
        fields = {self.id_field: row.id}
        await emit(
            session,
            event(
                customer_id=row.customer_id,
                tenant_path=row.tenant_path,
                location_id=row.location_id,
                name=row.name,
                numbers=target.numbers,
                **fields,
            ),
        )

    async def list(
        self, session: AsyncSession, customer_id: uuid.UUID, page: PageRequest, *, principal: Principal
    ) -> list[CallTarget[T]]:
        customer = await self.numbers.directory.get(session, customer_id, principal=principal)
        rows = await self.repository.for_caller(session, principal).list(customer.customer_id, page)
        return await self._with_numbers(session, rows, principal)


class CallTargetNotFound(NotFound):
    """Each kind answers its own problem type (hunt-group-not-found, auto-attendant-not-found)."""
