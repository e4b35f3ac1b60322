"""Telephone numbers of a customer: their state, fulfilment, assignment and own emergency address."""

from __future__ import annotations

import uuid
from datetime import datetime

from sqlalchemy import DateTime, Index, String, func, text
from sqlalchemy.orm import Mapped, mapped_column

from pstn_orders.models import Base


class PhoneNumber(Base):
    """One E.164 number: ordered (pending), active (unassigned | assigned) or given back (released)."""

    __tablename__ = "numbers"
    __table_args__ = (
        Index("ix_numbers_customer_state", "customer_id", "state"),
        Index("ix_numbers_customer_created", "customer_id", "created_at", "id"),
        Index("ix_numbers_tenant_path", "tenant_path", postgresql_ops={"tenant_path": "text_pattern_ops"}),
        Index("ix_numbers_order", "order_id"),
        Index("ix_numbers_block", "block_id"),
        Index("ix_numbers_port_order", "port_order_id"),
        Index("ix_numbers_assignee", "assignee_kind", "assignee_id"),
        # One holder at a time: a released (or never provisioned) number may be ordered again later.
        Index("uq_numbers_number_held", "number", unique=True, postgresql_where=text("state <> 'released'")),
    )

    id: Mapped[uuid.UUID] = mapped_column(primary_key=True, default=uuid.uuid4)
    customer_id: Mapped[uuid.UUID]
    tenant_path: Mapped[str] = mapped_column(String(4000))
    location_id: Mapped[uuid.UUID] = mapped_column(index=True)
    number: Mapped[str] = mapped_column(String(16))  # E.164
    order_id: Mapped[uuid.UUID | None]  # the number order that brought it (number_orders.id)
    block_id: Mapped[uuid.UUID | None]  # numbers of one block share it (R-PSTN-13)
    port_order_id: Mapped[uuid.UUID | None]  # the port order bringing it in (port_orders.id, R-PSTN-39)
    state: Mapped[str] = mapped_column(String(20), default="pending")  # pending | unassigned | assigned | released
    fulfilment: Mapped[str] = mapped_column(String(20), default="in_progress")  # in_progress | success | failed
    failure_reason: Mapped[str | None] = mapped_column(String(2000))
    assignee_kind: Mapped[str | None] = mapped_column(String(20))  # user | hunt_group | auto_attendant
    assignee_id: Mapped[uuid.UUID | None]
    emergency_address_id: Mapped[uuid.UUID | None]  # its own ESA (R-PSTN-10); null = the location's
    activated_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), server_default=func.now())
    updated_at: Mapped[datetime] = mapped_column(
        DateTime(timezone=True), server_default=func.now(), onupdate=func.now()
    )
    version: Mapped[int] = mapped_column(default=1)

    __mapper_args__ = {"version_id_col": version, "eager_defaults": True}


class CallTargetColumns:
    """The columns of what numbers ring into besides users: hunt groups and auto attendants (minimal here)."""

    id: Mapped[uuid.UUID] = mapped_column(primary_key=True, default=uuid.uuid4)
    customer_id: Mapped[uuid.UUID]
    tenant_path: Mapped[str] = mapped_column(String(4000))
    location_id: Mapped[uuid.UUID]
    name: Mapped[str] = mapped_column(String(200))
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), server_default=func.now())
    updated_at: Mapped[datetime] = mapped_column(
        DateTime(timezone=True), server_default=func.now(), onupdate=func.now()
    )
    version: Mapped[int] = mapped_column(default=1)
