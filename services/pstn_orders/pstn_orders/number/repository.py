"""All SQL on numbers: a customer's, seen through the caller's subtree (R-HIER-03)."""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any, Generic, TypeVar

from sqlalchemy import func, select

from pstn_orders.number.models import PhoneNumber
from servicekit import PageRequest, TenantRepository, paginate

ACTIVE = ("unassigned", "assigned")  # the customer's numbers that carry calls
HELD = ("pending", "unassigned", "assigned")  # every number the customer holds; `all` lists these


R = TypeVar("R")


@dataclass
class WithNumbers(Generic[R]):
    """A row read with the numbers assigned to it; its columns read through, for the API's read models."""

    row: R
    numbers: list[str]  # E.164, in order

    def __getattr__(self, name: str) -> Any:
        if name == "row":  # not set yet (copying, unpickling): no recursion
            raise AttributeError(name)
        return getattr(self.row, name)


class NumberRepository(TenantRepository):
    async def get(
        self, customer_id: uuid.UUID, number_id: uuid.UUID, *, for_update: bool = False
    ) -> PhoneNumber | None:
        stmt = select(PhoneNumber).where(
            self.in_tenant(PhoneNumber.tenant_path),
            PhoneNumber.customer_id == customer_id,
            PhoneNumber.id == number_id,
        )
        return await self.session.scalar(stmt.with_for_update() if for_update else stmt)

    async def by_numbers(self, customer_id: uuid.UUID, numbers: Sequence[str]) -> list[PhoneNumber]:
        """The customer's held numbers among these E.164 strings, locked for a change."""
        stmt = select(PhoneNumber).where(
            self.in_tenant(PhoneNumber.tenant_path),
            PhoneNumber.customer_id == customer_id,
            PhoneNumber.number.in_(numbers),
            PhoneNumber.state.in_(HELD),
        )
        return list((await self.session.scalars(stmt.order_by(PhoneNumber.number).with_for_update())).all())

    async def counts(self, customer_id: uuid.UUID) -> list[tuple[uuid.UUID, str, int]]:
        """(location, state, how many) of every number the customer holds."""
        stmt = (
            select(PhoneNumber.location_id, PhoneNumber.state, func.count())
            .where(
                self.in_tenant(PhoneNumber.tenant_path),
                PhoneNumber.customer_id == customer_id,
                PhoneNumber.state.in_(HELD),
            )
            .group_by(PhoneNumber.location_id, PhoneNumber.state)
            .order_by(PhoneNumber.location_id)
        )
        return [(location_id, state, count) for location_id, state, count in (await self.session.execute(stmt))]

    async def of_block(self, customer_id: uuid.UUID, block_id: uuid.UUID) -> list[PhoneNumber]:
        """The block's numbers the customer still holds, locked for a change."""
        stmt = select(PhoneNumber).where(
            self.in_tenant(PhoneNumber.tenant_path),
            PhoneNumber.customer_id == customer_id,
            PhoneNumber.block_id == block_id,
            PhoneNumber.state.in_(HELD),
        )
        return list((await self.session.scalars(stmt.order_by(PhoneNumber.number).with_for_update())).all())

    async def assigned_to(self, kind: str, assignee_id: uuid.UUID, *, for_update: bool = False) -> list[PhoneNumber]:
        stmt = select(PhoneNumber).where(
            self.in_tenant(PhoneNumber.tenant_path),
            PhoneNumber.assignee_kind == kind,
            PhoneNumber.assignee_id == assignee_id,
            PhoneNumber.state.in_(("assigned", "pending")),  # R-PSTN-39: a port's, before it completes
        )
        stmt = stmt.order_by(PhoneNumber.number)
        return list((await self.session.scalars(stmt.with_for_update() if for_update else stmt)).all())

    async def numbers_of(self, kind: str, assignee_ids: Sequence[uuid.UUID]) -> dict[uuid.UUID, list[str]]:
        """The numbers assigned to each of these hunt groups, auto attendants or users."""
        stmt = (
            select(PhoneNumber.assignee_id, PhoneNumber.number)
            .where(
                self.in_tenant(PhoneNumber.tenant_path),
                PhoneNumber.assignee_kind == kind,
                PhoneNumber.assignee_id.in_(assignee_ids),
                PhoneNumber.state.in_(("assigned", "pending")),
            )
            .order_by(PhoneNumber.number)
        )
        found: dict[uuid.UUID, list[str]] = {i: [] for i in assignee_ids}
        for assignee_id, number in await self.session.execute(stmt):
            if assignee_id is not None:  # always: assigned numbers name their assignee
                found[assignee_id].append(number)
        return found

    async def of_order(self, order_id: uuid.UUID, *, for_update: bool = False) -> list[PhoneNumber]:
        stmt = select(PhoneNumber).where(self.in_tenant(PhoneNumber.tenant_path), PhoneNumber.order_id == order_id)
        stmt = stmt.order_by(PhoneNumber.number)
        return list((await self.session.scalars(stmt.with_for_update() if for_update else stmt)).all())

    async def list(
        self,
        customer_id: uuid.UUID,
        page: PageRequest,
        *,
        state: str = "all",
        order_id: uuid.UUID | None = None,
        location_id: uuid.UUID | None = None,
        contains: str | None = None,
    ) -> Sequence[PhoneNumber]:
        stmt = select(PhoneNumber).where(
            self.in_tenant(PhoneNumber.tenant_path), PhoneNumber.customer_id == customer_id
        )
        # R-PSTN-38: by state; `all` is every number the customer holds (released ones only when asked for)
        stmt = stmt.where(PhoneNumber.state.in_(HELD) if state == "all" else PhoneNumber.state == state)
        if order_id is not None:
            stmt = stmt.where(PhoneNumber.order_id == order_id)  # R-PSTN-38: searchable within an order
        if location_id is not None:
            stmt = stmt.where(PhoneNumber.location_id == location_id)
        if contains:
            stmt = stmt.where(PhoneNumber.number.contains(contains, autoescape=True))
        return (await self.session.scalars(paginate(stmt, PhoneNumber.created_at, PhoneNumber.id, page))).all()
