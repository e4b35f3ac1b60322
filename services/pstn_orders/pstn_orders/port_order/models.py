"""Port orders: the numbers a customer moves from its losing carrier, the account they leave, the documents the
port rests on, and every transition kept on a timeline (R-PSTN-21)."""

from __future__ import annotations

import uuid
from datetime import datetime
from typing import Any

from sqlalchemy import DateTime, ForeignKey, Index, String, func
from sqlalchemy.dialects.postgresql import JSONB
from sqlalchemy.orm import Mapped, mapped_column, relationship

from pstn_orders.models import Base


class PortOrder(Base):
    __tablename__ = "port_orders"
    __table_args__ = (
        Index("ix_port_orders_customer_created", "customer_id", "created_at", "id"),
        Index("ix_port_orders_tenant_path", "tenant_path", postgresql_ops={"tenant_path": "text_pattern_ops"}),
    )

    id: Mapped[uuid.UUID] = mapped_column(primary_key=True, default=uuid.uuid4)
    customer_id: Mapped[uuid.UUID]
    tenant_path: Mapped[str] = mapped_column(String(4000))
    order_number: Mapped[str] = mapped_column(String(20), unique=True)  # quoted to support
    location_id: Mapped[uuid.UUID]
    country: Mapped[str] = mapped_column(String(2))
    mode: Mapped[str] = mapped_column(String(20))  # self_service | assisted (R-PSTN-25)
    state: Mapped[str] = mapped_column(String(20), default="pending")  # R-PSTN-21
    cancel_requested_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))  # cancel-pending
    cart_id: Mapped[uuid.UUID | None]  # the port cart it was drafted from
    split_from: Mapped[uuid.UUID | None]  # the order a multiple_btns split drafted it from
    losing_carrier: Mapped[str | None] = mapped_column(String(200))
    account: Mapped[dict[str, Any]] = mapped_column(JSONB)  # the losing account as stated (LosingAccount)
    voice: Mapped[bool] = mapped_column(default=True)
    messaging: Mapped[bool] = mapped_column(default=True)
    requested_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))  # a wish (R-PSTN-17)
    notification_email: Mapped[str | None] = mapped_column(String(320))  # R-PSTN-17
    bill_id: Mapped[uuid.UUID | None]  # documents.id of the losing carrier's bill
    loa_id: Mapped[uuid.UUID | None]  # documents.id of the signed (or uploaded) LOA
    loa_signer: Mapped[dict[str, Any] | None] = mapped_column(JSONB)  # first_name, last_name, title
    loa_signed_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    loa_numbers: Mapped[list[str] | None] = mapped_column(JSONB)  # the numbers the LOA lists
    main_btn: Mapped[dict[str, Any] | None] = mapped_column(JSONB)  # the answer to main_btn_pending (MainBtnPlan)
    carrier_port_id: Mapped[str | None] = mapped_column(String(100))
    attempts: Mapped[int] = mapped_column(default=0)  # submissions to the carrier
    foc_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    rejection: Mapped[dict[str, Any] | None] = mapped_column(JSONB)  # the last PortRejection
    completed_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    created_by: Mapped[str] = mapped_column(String(200))
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), server_default=func.now())
    updated_at: Mapped[datetime] = mapped_column(
        DateTime(timezone=True), server_default=func.now(), onupdate=func.now()
    )
    version: Mapped[int] = mapped_column(default=1)

    numbers: Mapped[list[PortOrderNumber]] = relationship(
        order_by="PortOrderNumber.position", cascade="all, delete-orphan", lazy="selectin"
    )

    __mapper_args__ = {"version_id_col": version, "eager_defaults": True}


class PortOrderNumber(Base):
    """One number of a port order and what the carrier says of it."""

    __tablename__ = "port_order_numbers"
    __table_args__ = (Index("ix_port_order_numbers_order_created", "port_order_id", "created_at", "id"),)

    id: Mapped[uuid.UUID] = mapped_column(primary_key=True, default=uuid.uuid4)
    port_order_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("port_orders.id", ondelete="CASCADE"))
    position: Mapped[int]
    number: Mapped[str] = mapped_column(String(16))  # E.164
    status: Mapped[str] = mapped_column(String(20), default="draft")  # draft | in_progress | success | failed
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), server_default=func.now())


class PortOrderEntry(Base):
    """One step on a port order's timeline: who did what, why, and when (R-PSTN-21)."""

    __tablename__ = "port_order_timeline"
    __table_args__ = (Index("ix_port_order_timeline_order_created", "port_order_id", "created_at", "id"),)

    id: Mapped[uuid.UUID] = mapped_column(primary_key=True, default=uuid.uuid4)
    port_order_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("port_orders.id", ondelete="CASCADE"))
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    actor: Mapped[str] = mapped_column(String(200))  # a client id, or `carrier`
    action: Mapped[str] = mapped_column(String(40))
    from_state: Mapped[str | None] = mapped_column(String(20))
    to_state: Mapped[str] = mapped_column(String(20))
    reason: Mapped[str | None] = mapped_column(String(2000))
