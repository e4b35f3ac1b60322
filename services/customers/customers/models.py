"""The customers service's tables."""

from __future__ import annotations

import uuid
from datetime import datetime
from decimal import Decimal
from typing import Any

from sqlalchemy import DateTime, ForeignKey, Index, Numeric, String, UniqueConstraint, func
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column

from contracts.enums import CustomerState
from servicekit import Json, new_metadata, platform_tables

# The platform owner: the root of the customer tree (R-HIER-01), created by the first migration.
ROOT_CUSTOMER_ID = uuid.UUID("00000000-0000-0000-0000-000000000001")


class Base(DeclarativeBase):
    metadata = new_metadata()


platform = platform_tables(Base.metadata)


def child_path(parent_path: str, customer_id: uuid.UUID) -> str:
    """Materialized path: every ancestor's id, root first; a subtree is one prefix range."""
    return f"{parent_path}{customer_id.hex}/"


class Customer(Base):
    __tablename__ = "customers"
    __table_args__ = (
        UniqueConstraint("parent_id", "external_id", name="uq_customers_parent_external_id"),
        # text_pattern_ops lets `path LIKE 'prefix%'` use the index whatever the collation.
        Index("ix_customers_path", "path", postgresql_ops={"path": "text_pattern_ops"}),
        Index("ix_customers_parent_created", "parent_id", "created_at", "id"),
        # Lists walk the subtree in page order and stop after one page; measured in bench/customer_tree.
        Index("ix_customers_created", "created_at", "id"),
    )

    id: Mapped[uuid.UUID] = mapped_column(primary_key=True, default=uuid.uuid4)
    parent_id: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("customers.id"))
    path: Mapped[str] = mapped_column(String(4000))
    external_id: Mapped[str | None] = mapped_column(String(200))
    name: Mapped[str] = mapped_column(String(300))
    # R-HIER-10: what the customer is to its parent.
    # R-CUST-07: `own_organisation` is the partner's own subscription, listed with no effect.
    kind: Mapped[str] = mapped_column(String(30), default="end_customer")
    state: Mapped[CustomerState] = mapped_column(String(40))
    billing_address: Mapped[dict[str, Any]] = mapped_column(Json)
    country: Mapped[str] = mapped_column(String(2))
    contact_email: Mapped[str] = mapped_column(String(320))
    packages: Mapped[dict[str, Any]] = mapped_column(Json, default=dict)  # package code → cap (R-CUST-03)
    addons: Mapped[dict[str, Any]] = mapped_column(Json, default=dict)  # add-on code → quantity (R-CUST-05)
    # trial | paid: a trial orders at most 10 new numbers and no ports (R-PSTN-07)
    subscription: Mapped[str] = mapped_column(String(10), default="paid", server_default="paid")
    package_status: Mapped[dict[str, Any]] = mapped_column(Json, default=dict)  # code → status, warnings, errors
    dial_in_number: Mapped[str | None] = mapped_column(String(20))  # the meetings site's default (R-CUST-09)
    dial_in_region: Mapped[str | None] = mapped_column(String(4))
    screening_ref: Mapped[uuid.UUID | None]
    screening_status: Mapped[str] = mapped_column(String(40), default="pending")
    review_case_id: Mapped[uuid.UUID | None]
    error_reason: Mapped[str | None] = mapped_column(String(80))
    error_detail: Mapped[str | None] = mapped_column(String(2000))
    tariff_id: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("tariffs.id", use_alter=True))  # root: none
    time_zone: Mapped[str] = mapped_column(String(64), default="UTC")
    language: Mapped[str] = mapped_column(String(8), default="en")
    web_login: Mapped[str | None] = mapped_column(String(200), unique=True)
    password_hash: Mapped[str | None] = mapped_column(String(200))  # argon2, never returned (R-HIER-06)
    # In USD; changed only through ledger entries (R-HIER-08).
    balance_usd: Mapped[Decimal] = mapped_column(Numeric(20, 4), default=Decimal(0))
    credit_limit_usd: Mapped[Decimal] = mapped_column(Numeric(20, 4), default=Decimal(0))
    version: Mapped[int] = mapped_column(default=1)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), server_default=func.now())
    updated_at: Mapped[datetime] = mapped_column(
        DateTime(timezone=True), server_default=func.now(), onupdate=func.now()
    )

    # eager_defaults: updated_at comes back with the UPDATE (RETURNING), readable without another query
    __mapper_args__ = {"version_id_col": version, "eager_defaults": True}

    # What the API shows as one object is kept in several columns.
    @property
    def dial_in(self) -> dict[str, str | None]:
        return {"number": self.dial_in_number, "region": self.dial_in_region}

    @property
    def screening(self) -> dict[str, object]:
        return {"status": self.screening_status, "review_case_id": self.review_case_id}

    @property
    def error(self) -> dict[str, str | None] | None:
        return {"reason": self.error_reason, "detail": self.error_detail} if self.error_reason else None


# Tables declared beside their noun; imported here so the metadata (and Alembic) always holds them all.
from customers.access import models as _access_models  # noqa: E402, F401
from customers.account import models as _account_models  # noqa: E402, F401
from customers.billing import models as _billing_models  # noqa: E402, F401
from customers.dial_in import models as _dial_in_models  # noqa: E402, F401
from customers.location import models as _location_models  # noqa: E402, F401
from customers.pstn_programme import models as _pstn_programme_models  # noqa: E402, F401
from customers.system_settings import models as _system_settings_models  # noqa: E402, F401
from customers.user import models as _user_models  # noqa: E402, F401
from customers.webhook import models as _webhook_models  # noqa: E402, F401
