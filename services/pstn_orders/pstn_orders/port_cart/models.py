"""Port carts: the numbers a customer means to port in, one row per pasted line."""

from __future__ import annotations

import uuid
from datetime import datetime

from sqlalchemy import DateTime, ForeignKey, Index, String, func
from sqlalchemy.orm import Mapped, mapped_column

from pstn_orders.models import Base


class PortCart(Base):
    __tablename__ = "port_carts"
    __table_args__ = (
        Index("ix_port_carts_customer_created", "customer_id", "created_at", "id"),
        Index("ix_port_carts_tenant_path", "tenant_path", postgresql_ops={"tenant_path": "text_pattern_ops"}),
    )

    id: Mapped[uuid.UUID] = mapped_column(primary_key=True, default=uuid.uuid4)
    customer_id: Mapped[uuid.UUID]
    tenant_path: Mapped[str] = mapped_column(String(4000))
    lines: Mapped[int] = mapped_column(default=0)  # lines held (a deleted line no longer counts)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), server_default=func.now())
    updated_at: Mapped[datetime] = mapped_column(
        DateTime(timezone=True), server_default=func.now(), onupdate=func.now()
    )
    version: Mapped[int] = mapped_column(default=1)

    __mapper_args__ = {"version_id_col": version, "eager_defaults": True}


class PortCartLine(Base):
    """One pasted line: what was written, what it is (its class) and, when valid, the carrier's verdict."""

    __tablename__ = "port_cart_lines"
    __table_args__ = (
        Index("ix_port_cart_lines_cart_created", "cart_id", "created_at", "id"),
        Index("ix_port_cart_lines_cart_number", "cart_id", "number"),
    )

    id: Mapped[uuid.UUID] = mapped_column(primary_key=True, default=uuid.uuid4)
    cart_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("port_carts.id", ondelete="CASCADE"))
    position: Mapped[int]  # 1-based, across every paste into the cart
    raw: Mapped[str] = mapped_column(String(200))  # as pasted, trimmed
    number: Mapped[str | None] = mapped_column(String(16))  # E.164 when it reads as a number
    line_class: Mapped[str] = mapped_column(String(20))  # valid | invalid | duplicate | toll_free | already_ours
    reason: Mapped[str | None] = mapped_column(String(500))  # why it is not valid
    verdict: Mapped[str | None] = mapped_column(String(30))  # the carrier's, for valid lines
    verdict_reason: Mapped[str | None] = mapped_column(String(500))
    losing_carrier: Mapped[str | None] = mapped_column(String(200))
    wireless: Mapped[bool | None]
    rate_center: Mapped[str | None] = mapped_column(String(200))
    referred_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))  # sent to PSTN technical support
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), server_default=func.now())
