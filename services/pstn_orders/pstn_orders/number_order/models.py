"""Number orders and the numbers each asks for, with each number's fulfilment (R-PSTN-20)."""

from __future__ import annotations

import uuid
from datetime import datetime
from typing import Any

from sqlalchemy import DateTime, ForeignKey, Index, String, Text, UniqueConstraint, func
from sqlalchemy.orm import Mapped, mapped_column, relationship

from pstn_orders.models import Base
from servicekit import Json


class NumberOrder(Base):
    """One order of new numbers (kind `numbers`), or in an assisted country a support request for them."""

    __tablename__ = "number_orders"
    __table_args__ = (
        Index("ix_number_orders_customer_created", "customer_id", "created_at", "id"),
        Index("ix_number_orders_tenant_path", "tenant_path", postgresql_ops={"tenant_path": "text_pattern_ops"}),
        Index("ix_number_orders_customer_state", "customer_id", "state"),
    )

    id: Mapped[uuid.UUID] = mapped_column(primary_key=True, default=uuid.uuid4)
    customer_id: Mapped[uuid.UUID]
    tenant_path: Mapped[str] = mapped_column(String(4000))
    order_number: Mapped[str] = mapped_column(String(20), unique=True)  # the PSTN order number (R-PSTN-14)
    location_id: Mapped[uuid.UUID]
    country: Mapped[str] = mapped_column(String(2))
    kind: Mapped[str] = mapped_column(String(20))  # numbers | support_request
    state: Mapped[str] = mapped_column(String(20), default="pending")  # pending | provisioned | error | action_required
    quantity: Mapped[int]
    block: Mapped[bool] = mapped_column(default=False)
    block_id: Mapped[uuid.UUID | None]  # the block's numbers share it (R-PSTN-13)
    advanced: Mapped[bool] = mapped_column(default=False)
    number_type: Mapped[str | None] = mapped_column(String(10))  # support requests: local | national
    details: Mapped[str | None] = mapped_column(Text)  # support requests: the customer's free text
    reservation_id: Mapped[uuid.UUID | None]
    cart_id: Mapped[uuid.UUID | None]
    confirmed_alerts: Mapped[list[str]] = mapped_column(Json, default=list)  # R-PSTN-34
    carrier_order_id: Mapped[str | None] = mapped_column(String(100))
    placed_by: Mapped[str] = mapped_column(String(200))  # the API client that placed it
    activated_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))  # the carrier started work
    expected_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))  # R-PSTN-30
    completed_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    failure_reason: Mapped[str | None] = mapped_column(String(2000))
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), server_default=func.now())
    updated_at: Mapped[datetime] = mapped_column(
        DateTime(timezone=True), server_default=func.now(), onupdate=func.now()
    )
    version: Mapped[int] = mapped_column(default=1)

    items: Mapped[list[NumberOrderItem]] = relationship(
        lazy="raise", order_by="NumberOrderItem.number", cascade="all, delete-orphan"
    )

    __mapper_args__: Any = {"version_id_col": version, "eager_defaults": True}

    @property
    def awaiting_signature(self) -> bool:
        """R-PSTN-34: a numbers order waits, unprocessed, until the customer signs the carrier contract."""
        return self.kind == "numbers" and self.state == "pending" and self.activated_at is None

    @property
    def expected_fulfilment(self) -> str | None:
        """R-PSTN-30: standard numbers about 10 minutes after the signature, advanced ones about 5 days."""
        if self.kind != "numbers":
            return None
        span = "about 5 days" if self.advanced else "about 10 minutes"
        return f"{span} after the customer signs the carrier contract"


class NumberOrderItem(Base):
    """One number of an order and how its fulfilment went (R-PSTN-20: partial fulfilment per number)."""

    __tablename__ = "number_order_items"
    __table_args__ = (UniqueConstraint("order_id", "number", name="uq_number_order_items_order_number"),)

    id: Mapped[uuid.UUID] = mapped_column(primary_key=True, default=uuid.uuid4)
    order_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("number_orders.id", ondelete="CASCADE"))
    number: Mapped[str] = mapped_column(String(16), index=True)  # E.164
    fulfilment: Mapped[str] = mapped_column(String(20), default="in_progress")  # in_progress | success | failed
    failure_reason: Mapped[str | None] = mapped_column(String(2000))
    state: Mapped[str | None] = mapped_column(String(2))  # the number's state / province, as numbering plans say
    locality: Mapped[str | None] = mapped_column(String(100))  # its locality (rate center)
    updated_at: Mapped[datetime] = mapped_column(
        DateTime(timezone=True), server_default=func.now(), onupdate=func.now()
    )
