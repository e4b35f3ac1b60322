"""Auto attendants: a named menu at a location that answers its numbers."""

from __future__ import annotations

from sqlalchemy import Index

from pstn_orders.models import Base
from pstn_orders.number.models import CallTargetColumns


class AutoAttendant(CallTargetColumns, Base):
    __tablename__ = "auto_attendants"
    __table_args__ = (
        Index("ix_auto_attendants_customer_created", "customer_id", "created_at", "id"),
        Index("ix_auto_attendants_tenant_path", "tenant_path", postgresql_ops={"tenant_path": "text_pattern_ops"}),
    )

    __mapper_args__ = {"version_id_col": CallTargetColumns.version, "eager_defaults": True}
