"""What pstn_orders knows of the customers service's locations and of the partners' PSTN programme: projections
kept from their events, so a connection or an order never asks another service."""

from __future__ import annotations

import uuid
from datetime import datetime
from typing import Any

from sqlalchemy import DateTime, Index, String, func
from sqlalchemy.orm import Mapped, mapped_column

from pstn_orders.models import Base
from servicekit import Json


class Location(Base):
    """A customer's site as its last event described it; `deleted_at` set once it was deleted."""

    __tablename__ = "locations"
    __table_args__ = (
        Index("ix_locations_tenant_path", "tenant_path", postgresql_ops={"tenant_path": "text_pattern_ops"}),
        Index("ix_locations_customer", "customer_id"),
    )

    id: Mapped[uuid.UUID] = mapped_column(primary_key=True)  # the customers service's location id
    customer_id: Mapped[uuid.UUID]
    tenant_path: Mapped[str] = mapped_column(String(4000))
    name: Mapped[str] = mapped_column(String(200))
    # The civic fields (house_number … postal_code) and country, as the customers service keeps them.
    address: Mapped[dict[str, Any]] = mapped_column(Json)
    country: Mapped[str] = mapped_column(String(2))
    time_zone: Mapped[str] = mapped_column(String(64))  # IANA
    deleted_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    updated_at: Mapped[datetime] = mapped_column(
        DateTime(timezone=True), server_default=func.now(), onupdate=func.now()
    )


class PstnPartner(Base):
    """A partner's standing in the PSTN programme, as the platform root last set it (R-PSTN-02)."""

    __tablename__ = "pstn_partners"

    partner_id: Mapped[uuid.UUID] = mapped_column(primary_key=True)
    enrolled: Mapped[bool] = mapped_column(default=False)
    calling_addendum_accepted_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    updated_at: Mapped[datetime] = mapped_column(
        DateTime(timezone=True), server_default=func.now(), onupdate=func.now()
    )
