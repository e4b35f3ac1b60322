"""All SQL on port carts and their lines."""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from itertools import repeat
from typing import Any

from sqlalchemy import String, any_, bindparam, func, select
from sqlalchemy.dialects.postgresql import ARRAY

from pstn_orders.number.models import PhoneNumber
from pstn_orders.port_cart.models import PortCart, PortCartLine
from servicekit import PageRequest, TenantRepository, paginate

# The columns a paste writes for each line, after its cart_id (the others have defaults).
_LINE_COLUMNS = (
    "id",
    "position",
    "raw",
    "number",
    "line_class",
    "reason",
    "verdict",
    "verdict_reason",
    "losing_carrier",
    "wireless",
    "rate_center",
)


class PortCartRepository(TenantRepository):
    async def add(self, cart: PortCart) -> PortCart:
        self.session.add(cart)
        await self.session.flush()
        return cart

    async def get(self, customer_id: uuid.UUID, cart_id: uuid.UUID, *, for_update: bool = False) -> PortCart | None:
        stmt = select(PortCart).where(
            self.in_tenant(PortCart.tenant_path), PortCart.customer_id == customer_id, PortCart.id == cart_id
        )
        if for_update:
            stmt = stmt.with_for_update()
        return await self.session.scalar(stmt)

    async def add_lines(self, cart_id: uuid.UUID, columns: dict[str, list[Any]]) -> None:
        """Every line of a paste in one binary COPY on the session's connection (so in its transaction): thousands
        of lines are one round trip, with no SQL to build for them."""
        asyncpg = (await (await self.session.connection()).get_raw_connection()).driver_connection
        if asyncpg is None:  # invalidated: the connection was lost
            raise ConnectionError("the database connection was lost")
        await asyncpg.copy_records_to_table(
            PortCartLine.__tablename__,
            columns=["cart_id", *_LINE_COLUMNS],
            records=zip(repeat(cart_id), *(columns[c] for c in _LINE_COLUMNS)),
        )

    async def numbers_in(self, cart_id: uuid.UUID) -> set[str]:
        stmt = select(PortCartLine.number).where(PortCartLine.cart_id == cart_id, PortCartLine.number.is_not(None))
        return {n for n in (await self.session.scalars(stmt)) if n is not None}

    async def last_position(self, cart_id: uuid.UUID) -> int:
        stmt = select(func.coalesce(func.max(PortCartLine.position), 0)).where(PortCartLine.cart_id == cart_id)
        return int(await self.session.scalar(stmt) or 0)

    async def held_numbers(self, numbers: list[str]) -> set[str]:
        """Those of `numbers` the platform holds already: any customer's, in any state but released."""
        if not numbers:
            return set()
        listed = bindparam("numbers", numbers, type_=ARRAY(String))  # one array, not thousands of IN parameters
        stmt = select(PhoneNumber.number).where(PhoneNumber.number == any_(listed), PhoneNumber.state != "released")
        return set(await self.session.scalars(stmt))

    async def counts(self, cart_id: uuid.UUID) -> tuple[dict[str, int], dict[str, int], int]:
        """Lines per class, valid lines per verdict, and lines referred."""
        by_class: dict[str, int] = {}
        by_verdict: dict[str, int] = {}
        referred = 0
        stmt = (
            select(
                PortCartLine.line_class,
                PortCartLine.verdict,
                func.count(),
                func.count(PortCartLine.referred_at),
            )
            .where(PortCartLine.cart_id == cart_id)
            .group_by(PortCartLine.line_class, PortCartLine.verdict)
        )
        for line_class, verdict, count, referrals in await self.session.execute(stmt):
            by_class[line_class] = by_class.get(line_class, 0) + count
            if line_class == "valid" and verdict is not None:
                by_verdict[verdict] = by_verdict.get(verdict, 0) + count
            referred += referrals
        return by_class, by_verdict, referred

    async def lines(
        self, cart_id: uuid.UUID, page: PageRequest, *, line_class: str | None, verdict: str | None
    ) -> Sequence[PortCartLine]:
        stmt = select(PortCartLine).where(PortCartLine.cart_id == cart_id)
        if line_class is not None:
            stmt = stmt.where(PortCartLine.line_class == line_class)
        if verdict is not None:
            stmt = stmt.where(PortCartLine.verdict == verdict)
        return (await self.session.scalars(paginate(stmt, PortCartLine.created_at, PortCartLine.id, page))).all()

    async def line(self, cart_id: uuid.UUID, line_id: uuid.UUID, *, for_update: bool = False) -> PortCartLine | None:
        stmt = select(PortCartLine).where(PortCartLine.cart_id == cart_id, PortCartLine.id == line_id)
        if for_update:
            stmt = stmt.with_for_update()
        return await self.session.scalar(stmt)

    async def first_duplicate(self, cart_id: uuid.UUID, number: str) -> PortCartLine | None:
        stmt = (
            select(PortCartLine)
            .where(PortCartLine.cart_id == cart_id, PortCartLine.number == number)
            .where(PortCartLine.line_class == "duplicate")
            .order_by(PortCartLine.position)
            .limit(1)
        )
        return await self.session.scalar(stmt)

    async def delete_line(self, line: PortCartLine) -> None:
        await self.session.delete(line)
        await self.session.flush()
