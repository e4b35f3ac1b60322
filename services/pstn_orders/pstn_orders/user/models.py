"""The customer's users as the customers service announces them, so numbers can be assigned to them."""

from __future__ import annotations

import uuid
from datetime import datetime

from sqlalchemy import DateTime, Index, String, func
from sqlalchemy.orm import Mapped, mapped_column

from pstn_orders.models import Base


class CallingUser(Base):
    """A user of a customer (customer.user_created.v1), with its package kept current."""

    __tablename__ = "users"
    __table_args__ = (Index("ix_users_customer_created", "customer_id", "created_at", "id"),)

    id: Mapped[uuid.UUID] = mapped_column(primary_key=True)  # the customers service's user id
    customer_id: Mapped[uuid.UUID]
    tenant_path: Mapped[str] = mapped_column(String(4000))
    email: Mapped[str] = mapped_column(String(320))
    role: Mapped[str] = mapped_column(String(40))
    package: Mapped[str] = mapped_column(String(100))
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), server_default=func.now())
    updated_at: Mapped[datetime] = mapped_column(
        DateTime(timezone=True), server_default=func.now(), onupdate=func.now()
    )
