"""A customer's sites: where its numbers are used and its emergency calls are placed from."""

from __future__ import annotations

import uuid
from datetime import datetime
from typing import Any

from sqlalchemy import DateTime, ForeignKey, Index, String, func
from sqlalchemy.orm import Mapped, mapped_column

from customers.models import Base
from servicekit import Json


class Location(Base):
    __tablename__ = "locations"
    __table_args__ = (Index("ix_locations_customer_created", "customer_id", "created_at", "id"),)

    id: Mapped[uuid.UUID] = mapped_column(primary_key=True, default=uuid.uuid4)
    customer_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("customers.id"))
    name: Mapped[str] = mapped_column(String(200))
    # The civic fields of RFC 5139 / NENA CLDXF (house_number … postal_code) and country.
    address: Mapped[dict[str, Any]] = mapped_column(Json)
    country: Mapped[str] = mapped_column(String(2))  # ISO 3166-1 alpha-2, the address's
    time_zone: Mapped[str] = mapped_column(String(64))  # IANA
    version: Mapped[int] = mapped_column(default=1)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), server_default=func.now())
    updated_at: Mapped[datetime] = mapped_column(
        DateTime(timezone=True), server_default=func.now(), onupdate=func.now()
    )
    deleted_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))  # gone from every list

    __mapper_args__ = {"version_id_col": version, "eager_defaults": True}
