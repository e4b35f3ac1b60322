"""Emergency service addresses: a location's (R-PSTN-09) or a single number's own (R-PSTN-10)."""

from __future__ import annotations

import uuid
from datetime import datetime
from typing import Any

from sqlalchemy import DateTime, Index, String, func
from sqlalchemy.orm import Mapped, mapped_column

from pstn_orders.models import Base
from servicekit import Json

CIVIC_FIELDS = (
    "house_number",
    "house_number_suffix",
    "pre_directional",
    "street_name",
    "street_suffix",
    "post_directional",
    "unit",
    "floor",
    "building",
    "city",
    "state",
    "postal_code",
    "country",
)


class EmergencyAddress(Base):
    """A civic address (RFC 5139 / NENA CLDXF fields) and what the carrier answered when it was validated."""

    __tablename__ = "emergency_addresses"
    __table_args__ = (
        Index("ix_emergency_addresses_customer", "customer_id", "created_at", "id"),
        Index("ix_emergency_addresses_tenant_path", "tenant_path", postgresql_ops={"tenant_path": "text_pattern_ops"}),
    )

    id: Mapped[uuid.UUID] = mapped_column(primary_key=True, default=uuid.uuid4)
    customer_id: Mapped[uuid.UUID]
    tenant_path: Mapped[str] = mapped_column(String(4000))
    # The location whose numbers it serves (one each); none for a number's own address.
    location_id: Mapped[uuid.UUID | None] = mapped_column(unique=True)
    house_number: Mapped[str] = mapped_column(String(20))
    house_number_suffix: Mapped[str | None] = mapped_column(String(10))
    pre_directional: Mapped[str | None] = mapped_column(String(2))
    street_name: Mapped[str] = mapped_column(String(60))
    street_suffix: Mapped[str | None] = mapped_column(String(10))
    post_directional: Mapped[str | None] = mapped_column(String(2))
    unit: Mapped[str | None] = mapped_column(String(20))
    floor: Mapped[str | None] = mapped_column(String(10))
    building: Mapped[str | None] = mapped_column(String(60))
    city: Mapped[str] = mapped_column(String(60))
    state: Mapped[str | None] = mapped_column(String(3))
    postal_code: Mapped[str] = mapped_column(String(10))
    country: Mapped[str] = mapped_column(String(2))
    status: Mapped[str] = mapped_column(String(20))  # valid | corrected_pending | ambiguous | invalid
    suggested: Mapped[dict[str, Any] | None] = mapped_column(Json)  # the carrier's correction, to accept or decline
    candidates: Mapped[list[dict[str, Any]]] = mapped_column(Json, default=list)  # to choose one of (ambiguous)
    problems: Mapped[list[dict[str, Any]]] = mapped_column(Json, default=list)  # why it is invalid, per field
    carrier_address_id: Mapped[str | None] = mapped_column(String(100))  # set once valid
    validated_by: Mapped[str | None] = mapped_column(String(20))  # carrier | support (assisted countries)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), server_default=func.now())
    updated_at: Mapped[datetime] = mapped_column(
        DateTime(timezone=True), server_default=func.now(), onupdate=func.now()
    )
    version: Mapped[int] = mapped_column(default=1)

    __mapper_args__ = {"version_id_col": version, "eager_defaults": True}

    @property
    def address(self) -> dict[str, Any]:
        """The civic fields as given (or as accepted)."""
        return {name: getattr(self, name) for name in CIVIC_FIELDS}

    @address.setter
    def address(self, fields: dict[str, Any]) -> None:
        for name in CIVIC_FIELDS:
            setattr(self, name, fields.get(name))

    @property
    def usable(self) -> bool:
        """Validated: emergency calls can be routed to it (a correction counts only once accepted)."""
        return self.status == "valid"
