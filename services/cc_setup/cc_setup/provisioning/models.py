"""A tenant's provisioning job and each of its steps (R-CC-11)."""

from __future__ import annotations

import uuid
from datetime import datetime
from typing import Any

from sqlalchemy import DateTime, Index, String, func
from sqlalchemy.orm import Mapped, mapped_column

from cc_setup.models import Base
from servicekit import Json


class ProvisioningJob(Base):
    """One customer's tenant being provisioned: in_progress, then active or failed; a failed job runs again."""

    __tablename__ = "cc_provisioning_jobs"
    __table_args__ = (
        Index("ix_cc_provisioning_jobs_tenant_path", "tenant_path", postgresql_ops={"tenant_path": "text_pattern_ops"}),
    )

    id: Mapped[uuid.UUID] = mapped_column(primary_key=True, default=uuid.uuid4)
    customer_id: Mapped[uuid.UUID] = mapped_column(unique=True)  # one tenant a customer
    tenant_path: Mapped[str] = mapped_column(String(4000))
    state: Mapped[str] = mapped_column(String(20), default="in_progress")  # in_progress | active | failed
    run: Mapped[int] = mapped_column(default=1)  # 1, then 2 and on for each re-run
    # Each step in order: {"step", "state" (pending|in_progress|retrying|succeeded|failed), "attempts",
    # "started_at", "finished_at", "detail"}.
    steps: Mapped[list[dict[str, Any]]] = mapped_column(Json)
    request: Mapped[dict[str, Any]] = mapped_column(Json)  # what the tenant is created with, fixed at submission
    tenant_id: Mapped[str | None] = mapped_column(String(100))
    failed_step: Mapped[str | None] = mapped_column(String(40))
    failure_reason: Mapped[str | None] = mapped_column(String(2000))
    submitted_by: Mapped[str] = mapped_column(String(200))
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), server_default=func.now())
    updated_at: Mapped[datetime] = mapped_column(
        DateTime(timezone=True), server_default=func.now(), onupdate=func.now()
    )
    completed_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    version: Mapped[int] = mapped_column(default=1)

    __mapper_args__ = {"version_id_col": version, "eager_defaults": True}
