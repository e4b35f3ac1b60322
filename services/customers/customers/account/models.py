"""Administrator accounts, the role changes applied to them, and which customers' contact centers are active."""

from __future__ import annotations

import uuid
from datetime import datetime

from sqlalchemy import DateTime, ForeignKey, Index, String, UniqueConstraint, func
from sqlalchemy.orm import Mapped, mapped_column

from customers.models import Base


class Account(Base):
    """A customer administrator's platform login: `invited` until the get-started link is used, then `active`."""

    __tablename__ = "accounts"
    __table_args__ = (
        UniqueConstraint("customer_id", "email", name="uq_accounts_customer_email"),  # one account per person
        Index("ix_accounts_customer_created", "customer_id", "created_at", "id"),
        Index("ix_accounts_email", "email"),
    )

    id: Mapped[uuid.UUID] = mapped_column(primary_key=True, default=uuid.uuid4)
    customer_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("customers.id"))
    tenant_path: Mapped[str] = mapped_column(String(4000))
    email: Mapped[str] = mapped_column(String(320))  # lower case: the sign-in name
    role: Mapped[str] = mapped_column(String(40))  # customer_full_admin | customer_cc_admin | customer_readonly_admin
    state: Mapped[str] = mapped_column(String(20), default="invited")  # invited | active
    password_hash: Mapped[str | None] = mapped_column(String(200))  # argon2, never returned
    terms_accepted_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    activated_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    # The get-started link's token is stored only as its SHA-256: the database never holds a usable link.
    invitation_hash: Mapped[str | None] = mapped_column(String(64), unique=True)
    invitation_expires_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    invitation_emailed_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    invitation_used_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    version: Mapped[int] = mapped_column(default=1)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), server_default=func.now())
    updated_at: Mapped[datetime] = mapped_column(
        DateTime(timezone=True), server_default=func.now(), onupdate=func.now()
    )

    __mapper_args__ = {"version_id_col": version, "eager_defaults": True}


class AccountRoleChange(Base):
    """Every role change applied, by its change id: a change heard again (from connect) is applied once."""

    __tablename__ = "account_role_changes"

    change_id: Mapped[uuid.UUID] = mapped_column(primary_key=True)
    account_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("accounts.id"))
    role: Mapped[str] = mapped_column(String(40))
    origin: Mapped[str] = mapped_column(String(10))  # platform | connect
    applied_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), server_default=func.now())


class ActiveContactCenter(Base):
    """Customers whose contact center is active (cc.active.v1 heard): their setup wizard is no longer offered."""

    __tablename__ = "active_contact_centers"

    customer_id: Mapped[uuid.UUID] = mapped_column(primary_key=True)
    activated_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
