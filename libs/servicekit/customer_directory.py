"""A local projection of customer lifecycle events: which customers exist here and in what state.

Services downstream of customers (pstn_orders, cc_setup) keep one so they can answer "may this
customer order?" without reading another service's tables.
"""

from __future__ import annotations

import uuid
from datetime import datetime
from typing import Annotated

from fastapi import APIRouter, Depends
from pydantic import BaseModel
from sqlalchemy import Column, DateTime, MetaData, String, Table, Uuid, func, select
from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.ext.asyncio import AsyncSession

from contracts.envelope import Envelope, Event
from contracts.events import CustomerCancelled, CustomerFailed, CustomerProvisioned
from servicekit.auth import Principal, current_principal
from servicekit.db import get_session
from servicekit.errors import NotFound
from servicekit.inbox import Handler
from servicekit.problems import PROBLEM_RESPONSES


def known_customers_table(metadata: MetaData) -> Table:
    return Table(
        "known_customers",
        metadata,
        Column("customer_id", Uuid, primary_key=True),
        Column("tenant_path", String(4000), nullable=False),
        Column("state", String(40), nullable=False),
        Column("country", String(2)),
        Column("updated_at", DateTime(timezone=True), nullable=False, server_default=func.now()),
    )


class KnownCustomer(BaseModel):
    customer_id: uuid.UUID
    state: str
    country: str | None
    updated_at: datetime


def handlers(table: Table) -> dict[str, Handler]:
    async def record(session: AsyncSession, event: Event, _: Envelope) -> None:
        assert isinstance(event, CustomerProvisioned | CustomerCancelled | CustomerFailed)
        state = {CustomerProvisioned: "provisioned", CustomerCancelled: "cancelled", CustomerFailed: "error"}[
            type(event)
        ]
        values = {"tenant_path": event.tenant_path, "state": state, "updated_at": func.now()}
        if isinstance(event, CustomerProvisioned):
            values["country"] = event.country
        stmt = pg_insert(table).values(customer_id=event.customer_id, **values)
        await session.execute(stmt.on_conflict_do_update(index_elements=[table.c.customer_id], set_=values))

    return {cls.type: record for cls in (CustomerProvisioned, CustomerCancelled, CustomerFailed)}


def router(table: Table) -> APIRouter:
    api = APIRouter(prefix="/v1/customers", tags=["customers"], responses=PROBLEM_RESPONSES)

    @api.get("/{customer_id}", operation_id="get_known_customer", response_model=KnownCustomer)
    async def get_known_customer(
        customer_id: uuid.UUID,
        session: Annotated[AsyncSession, Depends(get_session, scope="function")],
        principal: Annotated[Principal, Depends(current_principal)],
    ) -> KnownCustomer:
        """What this service knows of a customer of your subtree: whether it is provisioned here."""
        row = (
            await session.execute(
                select(table).where(
                    table.c.customer_id == customer_id,
                    table.c.tenant_path.startswith(principal.tenant_path, autoescape=True),
                )
            )
        ).first()
        if row is None:
            raise NotFound(f"Customer {customer_id} is not provisioned for this service (or not yours).")
        return KnownCustomer(
            customer_id=row.customer_id, state=row.state, country=row.country, updated_at=row.updated_at
        )

    return api
