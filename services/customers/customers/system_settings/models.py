"""Permissions on system-wide settings the root delegates to a named sub-customer (R-HIER-04)."""

from __future__ import annotations

import uuid
from datetime import datetime

from sqlalchemy import DateTime, ForeignKey, String, func
from sqlalchemy.orm import Mapped, mapped_column

from customers.models import Base


class Delegation(Base):
    __tablename__ = "delegations"

    customer_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("customers.id"), primary_key=True)
    permission: Mapped[str] = mapped_column(String(40), primary_key=True)
    granted_by: Mapped[str] = mapped_column(String(200))
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), server_default=func.now())
