"""A customer's contact-center setup: the wizard's saved steps, then the tenant it provisioned (R-CC-04)."""

from __future__ import annotations

import uuid
from datetime import datetime

from sqlalchemy import DateTime, ForeignKey, Index, String, func
from sqlalchemy.orm import Mapped, mapped_column

from cc_setup.models import Base


class ContactCenterSetup(Base):
    __tablename__ = "cc_setups"
    __table_args__ = (
        Index("ix_cc_setups_tenant_path", "tenant_path", postgresql_ops={"tenant_path": "text_pattern_ops"}),
    )

    customer_id: Mapped[uuid.UUID] = mapped_column(primary_key=True)
    tenant_path: Mapped[str] = mapped_column(String(4000))
    order_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("cc_orders.id"), unique=True)
    # in_progress (the wizard) | submitted (provisioning) | active | failed (a re-run may follow)
    state: Mapped[str] = mapped_column(String(20), default="in_progress")
    # The calling step (R-CC-04); an organisation's SIP address is its own on the platform.
    sip_address: Mapped[str | None] = mapped_column(String(320), unique=True)
    country: Mapped[str] = mapped_column(String(2))  # R-CC-05: the order's country until changed
    country_confirmed_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))  # R-CC-06
    country_confirmed_by: Mapped[str | None] = mapped_column(String(200))
    data_center: Mapped[str | None] = mapped_column(String(40))  # fixed at confirmation (R-CC-05)
    region: Mapped[str | None] = mapped_column(String(30))
    time_zone: Mapped[str | None] = mapped_column(String(64))  # R-CC-07
    platform: Mapped[str | None] = mapped_column(String(40))  # R-CC-08
    telephony: Mapped[str | None] = mapped_column(String(40))  # R-CC-09
    submitted_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    submitted_by: Mapped[str | None] = mapped_column(String(200))
    tenant_id: Mapped[str | None] = mapped_column(String(100))  # R-CC-12, once provisioned
    activated_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    chat_services_set_up_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))  # R-CC-15
    chat_services_set_up_by: Mapped[str | None] = mapped_column(String(200))
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), server_default=func.now())
    updated_at: Mapped[datetime] = mapped_column(
        DateTime(timezone=True), server_default=func.now(), onupdate=func.now()
    )
    version: Mapped[int] = mapped_column(default=1)

    __mapper_args__ = {"version_id_col": version, "eager_defaults": True}

    @property
    def setup_required(self) -> bool:
        """R-CC-03: the wizard is offered until setup is completed."""
        return self.state != "active"
