"""What searches and orders read of the customer directory beyond its state."""

from __future__ import annotations

import uuid

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from pstn_orders.models import known_customers


async def subscription_of(session: AsyncSession, customer_id: uuid.UUID) -> str:
    """`trial` or `paid`, as the customers service last said (R-PSTN-07, R-PSTN-13)."""
    value = await session.scalar(
        select(known_customers.c.subscription).where(known_customers.c.customer_id == customer_id)
    )
    return str(value or "paid")


async def tenant_path_of(session: AsyncSession, customer_id: uuid.UUID) -> str:
    """The customer's own materialized path (the caller may sit above it); call after the directory check."""
    path = await session.scalar(
        select(known_customers.c.tenant_path).where(known_customers.c.customer_id == customer_id)
    )
    return str(path)
