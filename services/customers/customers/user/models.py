"""The package and add-on catalogue (managed data, R-CUST-04/05) and the users who hold packages."""

from __future__ import annotations

import uuid
from datetime import datetime

from sqlalchemy import DateTime, ForeignKey, Index, String, UniqueConstraint, func, text
from sqlalchemy.orm import Mapped, mapped_column

from customers.models import Base
from servicekit import Json


class CatalogueItem(Base):
    """A package (grants services; its level orders packages) or an add-on (billable extra)."""

    __tablename__ = "catalogue"

    code: Mapped[str] = mapped_column(String(100), primary_key=True)
    kind: Mapped[str] = mapped_column(String(20))  # package | addon
    name: Mapped[str] = mapped_column(String(200))
    level: Mapped[int] = mapped_column(default=0)  # packages: higher grants more; a full admin never goes down
    services: Mapped[list[str]] = mapped_column(Json, default=list)  # messaging, meetings, calling
    orderable: Mapped[bool] = mapped_column(default=True)  # R-CUST-05: add-ons listed but not yet orderable


class User(Base):
    __tablename__ = "users"
    __table_args__ = (
        UniqueConstraint("customer_id", "email", name="uq_users_customer_email"),
        Index("ix_users_customer_package", "customer_id", "package"),
        Index("ix_users_customer_created", "customer_id", "created_at", "id"),
        Index(
            "uq_users_customer_extension",
            "customer_id",
            "extension",
            unique=True,
            postgresql_where=text("extension IS NOT NULL"),
        ),
        Index(
            "uq_users_customer_phone_number",
            "customer_id",
            "phone_number",
            unique=True,
            postgresql_where=text("phone_number IS NOT NULL"),
        ),
    )

    id: Mapped[uuid.UUID] = mapped_column(primary_key=True, default=uuid.uuid4)
    customer_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("customers.id"))
    email: Mapped[str] = mapped_column(String(320))
    name: Mapped[str] = mapped_column(String(300))
    role: Mapped[str] = mapped_column(String(40))  # full_admin | readonly_admin | user
    package: Mapped[str] = mapped_column(ForeignKey("catalogue.code"))  # R-CUST-04: exactly one
    extension: Mapped[str | None] = mapped_column(String(20))
    phone_number: Mapped[str | None] = mapped_column(String(20))  # E.164
    version: Mapped[int] = mapped_column(default=1)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), server_default=func.now())

    __mapper_args__ = {"version_id_col": version}
