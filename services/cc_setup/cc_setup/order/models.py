"""Contact-center trials and subscription orders of a customer (R-CC-01)."""

from __future__ import annotations

import uuid
from datetime import datetime

from sqlalchemy import DateTime, Index, String, func
from sqlalchemy.orm import Mapped, mapped_column

from cc_setup.models import Base
from servicekit import Json


class ContactCenterOrder(Base):
    """A customer's contact-center trial or mapped subscription order: one a customer."""

    __tablename__ = "cc_orders"
    __table_args__ = (
        Index("ix_cc_orders_tenant_path", "tenant_path", postgresql_ops={"tenant_path": "text_pattern_ops"}),
    )

    id: Mapped[uuid.UUID] = mapped_column(primary_key=True, default=uuid.uuid4)
    customer_id: Mapped[uuid.UUID] = mapped_column(unique=True)
    tenant_path: Mapped[str] = mapped_column(String(4000))
    kind: Mapped[str] = mapped_column(String(20))  # trial | subscription
    order_reference: Mapped[str | None] = mapped_column(String(100))  # the provider's order number
    country: Mapped[str] = mapped_column(String(2))  # R-CC-05: the setup's default country of operation
    administrator_email: Mapped[str] = mapped_column(String(320))  # R-CC-02: who is welcomed
    licences: Mapped[dict[str, int]] = mapped_column(Json)  # licence code -> quantity
    addons: Mapped[list[str]] = mapped_column(Json)
    created_by: Mapped[str] = mapped_column(String(200))
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), server_default=func.now())
    updated_at: Mapped[datetime] = mapped_column(
        DateTime(timezone=True), server_default=func.now(), onupdate=func.now()
    )
    version: Mapped[int] = mapped_column(default=1)

    __mapper_args__ = {"version_id_col": version, "eager_defaults": True}
