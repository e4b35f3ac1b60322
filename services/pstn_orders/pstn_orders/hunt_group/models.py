"""Hunt groups: a named group at a location that numbers ring into."""

from __future__ import annotations

from sqlalchemy import Index

from pstn_orders.models import Base
from pstn_orders.number.models import CallTargetColumns


class HuntGroup(CallTargetColumns, Base):
    __tablename__ = "hunt_groups"
    __table_args__ = (
        Index("ix_hunt_groups_customer_created", "customer_id", "created_at", "id"),
        Index("ix_hunt_groups_tenant_path", "tenant_path", postgresql_ops={"tenant_path": "text_pattern_ops"}),
    )

    __mapper_args__ = {"version_id_col": CallTargetColumns.version, "eager_defaults": True}
