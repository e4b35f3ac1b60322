"""Connect's side of a customer: its connect tenant and its administrators there (R-CC-13, R-CC-14)."""

from __future__ import annotations

import uuid
from datetime import datetime

from sqlalchemy import DateTime, Index, String, UniqueConstraint, func
from sqlalchemy.orm import Mapped, mapped_column

from cc_setup.models import Base


class ConnectTenantRecord(Base):
    """The connect tenant created with the customer's contact-center tenant (R-CC-13), in its time zone (R-CC-07)."""

    __tablename__ = "cc_connect_tenants"

    customer_id: Mapped[uuid.UUID] = mapped_column(primary_key=True)
    tenant_path: Mapped[str] = mapped_column(String(4000))
    connect_tenant_id: Mapped[str] = mapped_column(String(100), unique=True)
    country: Mapped[str] = mapped_column(String(2))  # whose public holidays are not business days (R-CC-14)
    time_zone: Mapped[str] = mapped_column(String(64))  # R-CC-07
    owner_email: Mapped[str] = mapped_column(String(320))  # R-CC-14: the first customer administrator
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), server_default=func.now())


class ConnectAdministrator(Base):
    """One administrator of a customer in connect: pending (waiting for the platform account or the tenant),
    invited, active after the first sign-in, or lapsed (R-CC-14)."""

    __tablename__ = "cc_connect_administrators"
    __table_args__ = (
        UniqueConstraint("customer_id", "email"),
        Index(
            "ix_cc_connect_administrators_tenant_path",
            "tenant_path",
            postgresql_ops={"tenant_path": "text_pattern_ops"},
        ),
    )

    id: Mapped[uuid.UUID] = mapped_column(primary_key=True, default=uuid.uuid4)
    customer_id: Mapped[uuid.UUID]
    tenant_path: Mapped[str] = mapped_column(String(4000))
    email: Mapped[str] = mapped_column(String(320))
    account_id: Mapped[uuid.UUID | None]  # the platform account, once it is active
    platform_role: Mapped[str] = mapped_column(String(40))  # a customer_* role, or partner_admin
    connect_role: Mapped[str] = mapped_column(String(40))
    engage: Mapped[bool] = mapped_column(default=False)
    tenant_owner: Mapped[bool] = mapped_column(default=False)
    state: Mapped[str] = mapped_column(String(20), default="pending")  # pending | invited | active | lapsed
    connect_user_id: Mapped[str | None] = mapped_column(String(100))
    invitations: Mapped[int] = mapped_column(default=0)  # connect invitations sent: each keys its own lapse
    invited_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    lapses_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    activated_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    lapsed_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), server_default=func.now())
    updated_at: Mapped[datetime] = mapped_column(
        DateTime(timezone=True), server_default=func.now(), onupdate=func.now()
    )
    version: Mapped[int] = mapped_column(default=1)

    __mapper_args__ = {"version_id_col": version, "eager_defaults": True}


class ConnectRoleChange(Base):
    """Each role change carried across, by its change_id: a change is applied once, never pushed back (R-CC-13)."""

    __tablename__ = "cc_connect_role_changes"

    change_id: Mapped[uuid.UUID] = mapped_column(primary_key=True)
    customer_id: Mapped[uuid.UUID]
    administrator_id: Mapped[uuid.UUID]
    origin: Mapped[str] = mapped_column(String(20))  # platform | connect
    connect_role: Mapped[str] = mapped_column(String(40))
    platform_role: Mapped[str] = mapped_column(String(40))
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), server_default=func.now())


class ConnectWebhookReceived(Base):
    """Webhooks from connect already applied, by their webhook id: a redelivery changes nothing."""

    __tablename__ = "cc_connect_webhooks_received"

    webhook_id: Mapped[str] = mapped_column(String(100), primary_key=True)
    type: Mapped[str] = mapped_column(String(60))
    received_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), server_default=func.now())
