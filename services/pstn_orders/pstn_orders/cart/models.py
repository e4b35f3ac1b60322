"""Carts: numbers a customer is choosing, before it places the order."""

from __future__ import annotations

import uuid
from datetime import datetime

from sqlalchemy import DateTime, Index, String, func
from sqlalchemy.orm import Mapped, mapped_column

from pstn_orders.models import Base
from servicekit import Json


class NumberCart(Base):
    __tablename__ = "carts"
    __table_args__ = (
        Index("ix_carts_customer_created", "customer_id", "created_at", "id"),
        Index("ix_carts_tenant_path", "tenant_path", postgresql_ops={"tenant_path": "text_pattern_ops"}),
    )

    id: Mapped[uuid.UUID] = mapped_column(primary_key=True, default=uuid.uuid4)
    customer_id: Mapped[uuid.UUID]
    tenant_path: Mapped[str] = mapped_column(String(4000))
    location_id: Mapped[uuid.UUID | None]
    numbers: Mapped[list[str]] = mapped_column(Json, default=list)  # E.164, in the order chosen
    state: Mapped[str] = mapped_column(String(20), default="open")  # open | ordered
    order_id: Mapped[uuid.UUID | None]
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), server_default=func.now())
    updated_at: Mapped[datetime] = mapped_column(
        DateTime(timezone=True), server_default=func.now(), onupdate=func.now()
    )
    version: Mapped[int] = mapped_column(default=1)

    __mapper_args__ = {"version_id_col": version, "eager_defaults": True}

    @property
    def count(self) -> int:
        return len(self.numbers)
