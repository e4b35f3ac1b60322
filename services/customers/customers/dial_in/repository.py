"""All SQL on the dial-in directory: managed data of the platform, not of a tenant."""

from __future__ import annotations

from collections.abc import Sequence

from sqlalchemy import delete, select
from sqlalchemy.ext.asyncio import AsyncSession

from customers.dial_in.models import DialInNumber


class DialInRepository:
    def __init__(self, session: AsyncSession) -> None:
        self.session = session

    async def first_available(self, country: str) -> str | None:
        stmt = select(DialInNumber.number).where(DialInNumber.country == country, DialInNumber.available)
        return await self.session.scalar(stmt.order_by(DialInNumber.position).limit(1))

    async def numbers(self, country: str) -> Sequence[str]:
        stmt = select(DialInNumber.number).where(DialInNumber.country == country).order_by(DialInNumber.position)
        return (await self.session.scalars(stmt)).all()

    async def replace(self, country: str, numbers: Sequence[str]) -> None:
        """The country's numbers become `numbers`, first available first."""
        await self.session.execute(delete(DialInNumber).where(DialInNumber.country == country))
        self.session.add_all(
            DialInNumber(country=country, position=n, number=number) for n, number in enumerate(numbers, start=1)
        )
        await self.session.flush()
