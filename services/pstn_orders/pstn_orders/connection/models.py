"""Each location's PSTN connection (R-PSTN-01), and where a customer's PSTN setup stands (R-PSTN-32)."""

from __future__ import annotations

import uuid
from datetime import datetime

from sqlalchemy import DateTime, Index, String, func
from sqlalchemy.orm import Mapped, mapped_column

from pstn_orders.models import Base


class PstnConnection(Base):
    """How one location reaches the PSTN: the provider calling plan, a cloud-connected carrier or a gateway."""

    __tablename__ = "pstn_connections"
    __table_args__ = (
        Index("ix_pstn_connections_customer", "customer_id"),
        Index("ix_pstn_connections_tenant_path", "tenant_path", postgresql_ops={"tenant_path": "text_pattern_ops"}),
    )

    id: Mapped[uuid.UUID] = mapped_column(primary_key=True, default=uuid.uuid4)
    customer_id: Mapped[uuid.UUID]
    tenant_path: Mapped[str] = mapped_column(String(4000))
    location_id: Mapped[uuid.UUID] = mapped_column(unique=True)
    type: Mapped[str] = mapped_column(String(20))  # calling_plan | cloud_connected | local_gateway
    carrier_name: Mapped[str | None] = mapped_column(String(200))  # cloud_connected
    integrated: Mapped[bool | None]  # cloud_connected
    must_move_to_integrated: Mapped[bool] = mapped_column(default=False)  # R-PSTN-26
    usage: Mapped[str] = mapped_column(String(20), default="standard")  # standard | contact_center | high_volume
    signer_name: Mapped[str | None] = mapped_column(String(200))  # calling_plan: who signs the contract
    signer_email: Mapped[str | None] = mapped_column(String(320))
    calling_plan_enabled_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), server_default=func.now())
    updated_at: Mapped[datetime] = mapped_column(
        DateTime(timezone=True), server_default=func.now(), onupdate=func.now()
    )
    version: Mapped[int] = mapped_column(default=1)

    __mapper_args__ = {"version_id_col": version, "eager_defaults": True}


class PstnSetup(Base):
    """A customer's PSTN setup as a whole: skipped (at trial start) or taken up (R-PSTN-32)."""

    __tablename__ = "pstn_setups"
    __table_args__ = (
        Index("ix_pstn_setups_tenant_path", "tenant_path", postgresql_ops={"tenant_path": "text_pattern_ops"}),
    )

    customer_id: Mapped[uuid.UUID] = mapped_column(primary_key=True)
    tenant_path: Mapped[str] = mapped_column(String(4000))
    skipped_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    resumed_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    updated_at: Mapped[datetime] = mapped_column(
        DateTime(timezone=True), server_default=func.now(), onupdate=func.now()
    )
