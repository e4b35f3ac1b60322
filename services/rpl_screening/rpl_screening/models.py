"""The rpl_screening service's tables."""

from __future__ import annotations

import uuid
from datetime import datetime
from typing import Any

from sqlalchemy import DateTime, ForeignKey, Index, String, func
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column, relationship, synonym

from contracts.enums import ReviewCaseState
from servicekit import Json, new_metadata, platform_tables


class Base(DeclarativeBase):
    metadata = new_metadata()


platform = platform_tables(Base.metadata)


class ListVersion(Base):
    """One import of one restricted-party list (R-RPL-06: every screening names the versions it used)."""

    __tablename__ = "list_versions"

    id: Mapped[uuid.UUID] = mapped_column(primary_key=True, default=uuid.uuid4)
    source: Mapped[str] = mapped_column(String(40))
    label: Mapped[str] = mapped_column(String(120), unique=True)
    checksum: Mapped[str] = mapped_column(String(64))
    entry_count: Mapped[int]
    published: Mapped[str | None] = mapped_column(String(40))
    loaded_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), server_default=func.now())
    origin: Mapped[str] = mapped_column(String(20), default="startup")  # startup | upload | feed
    # The version of the same source it replaced, and what changed since (uids); empty for the first one.
    previous_label: Mapped[str | None] = mapped_column(String(120))
    added: Mapped[list[str]] = mapped_column(Json, default=list)
    removed: Mapped[list[str]] = mapped_column(Json, default=list)
    changed: Mapped[list[str]] = mapped_column(Json, default=list)
    # Lists page by (created_at, id): a version was created when it was loaded.
    created_at: Mapped[datetime] = synonym("loaded_at")

    @property
    def counts(self) -> dict[str, int]:
        return {"added": len(self.added), "removed": len(self.removed), "changed": len(self.changed)}


class Screening(Base):
    """One screening of one party: what was asked, against which lists, and what matched (R-RPL-06)."""

    __tablename__ = "screenings"
    __table_args__ = (Index("ix_screenings_customer_created", "customer_id", "created_at"),)

    id: Mapped[uuid.UUID] = mapped_column(primary_key=True, default=uuid.uuid4)
    customer_id: Mapped[uuid.UUID]
    tenant_path: Mapped[str] = mapped_column(String(4000))
    screening_ref: Mapped[uuid.UUID]
    trigger: Mapped[str] = mapped_column(String(80))
    party: Mapped[dict[str, Any]] = mapped_column(Json)
    outcome: Mapped[str] = mapped_column(String(20))
    matches: Mapped[list[dict[str, Any]]] = mapped_column(Json)
    list_versions: Mapped[list[str]] = mapped_column(Json)
    threshold: Mapped[float]
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), server_default=func.now())


class ReviewCase(Base):
    __tablename__ = "review_cases"
    __table_args__ = (
        Index("ix_review_cases_state_created", "state", "created_at", "id"),
        Index("ix_review_cases_tenant_path", "tenant_path", postgresql_ops={"tenant_path": "text_pattern_ops"}),
    )

    id: Mapped[uuid.UUID] = mapped_column(primary_key=True, default=uuid.uuid4)
    customer_id: Mapped[uuid.UUID] = mapped_column(index=True)
    tenant_path: Mapped[str] = mapped_column(String(4000))
    screening_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("screenings.id"))
    screening_ref: Mapped[uuid.UUID]
    state: Mapped[ReviewCaseState] = mapped_column(String(20))
    deadline_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    decided_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    decided_by: Mapped[str | None] = mapped_column(String(200))
    decision_reason: Mapped[str | None] = mapped_column(String(2000))
    version: Mapped[int] = mapped_column(default=1)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), server_default=func.now())
    # The evidence a reviewer reads with the case; loaded on purpose where it is read.
    screening: Mapped[Screening] = relationship(lazy="raise")
    decisions: Mapped[list[ReviewDecision]] = relationship(lazy="raise", order_by="ReviewDecision.created_at")

    # eager_defaults: updated_at comes back with the UPDATE (RETURNING), readable without another query
    __mapper_args__ = {"version_id_col": version, "eager_defaults": True}


class ReviewDecision(Base):
    """The audit trail: every decision on a case, by whom, why, against which lists (R-RPL-06)."""

    __tablename__ = "review_decisions"

    id: Mapped[uuid.UUID] = mapped_column(primary_key=True, default=uuid.uuid4)
    case_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("review_cases.id"), index=True)
    action: Mapped[str] = mapped_column(String(20))
    actor: Mapped[str] = mapped_column(String(200))
    reason: Mapped[str] = mapped_column(String(2000))
    list_versions: Mapped[list[str]] = mapped_column(Json)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), server_default=func.now())
