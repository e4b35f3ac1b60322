"""Reservations: numbers the carrier holds for one customer until `expires_at`."""

from __future__ import annotations

import uuid
from datetime import datetime

from sqlalchemy import DateTime, Index, String, func
from sqlalchemy.orm import Mapped, mapped_column

from pstn_orders.models import Base
from servicekit import Json


class NumberReservation(Base):
    __tablename__ = "reservations"
    __table_args__ = (
        Index("ix_reservations_customer_created", "customer_id", "created_at", "id"),
        Index("ix_reservations_tenant_path", "tenant_path", postgresql_ops={"tenant_path": "text_pattern_ops"}),
    )

    id: Mapped[uuid.UUID] = mapped_column(primary_key=True, default=uuid.uuid4)
    customer_id: Mapped[uuid.UUID]
    tenant_path: Mapped[str] = mapped_column(String(4000))
    carrier_reservation_id: Mapped[str] = mapped_column(String(100))
    numbers: Mapped[list[str]] = mapped_column(Json)  # E.164
    state: Mapped[str] = mapped_column(String(20), default="held")  # held | released | ordered
    expires_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    order_id: Mapped[uuid.UUID | None]  # the order that took the numbers
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), server_default=func.now())
    updated_at: Mapped[datetime] = mapped_column(
        DateTime(timezone=True), server_default=func.now(), onupdate=func.now()
    )
    version: Mapped[int] = mapped_column(default=1)

    __mapper_args__ = {"version_id_col": version, "eager_defaults": True}

    def state_at(self, now: datetime) -> str:
        """A held reservation past its end has lapsed at the carrier too."""
        return "expired" if self.state == "held" and self.expires_at <= now else self.state
