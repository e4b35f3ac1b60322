"""The API clients that exchange their credentials for access tokens."""

from __future__ import annotations

import uuid
from datetime import datetime

from sqlalchemy import DateTime, ForeignKey, String, func
from sqlalchemy.orm import Mapped, mapped_column

from customers.models import Base
from servicekit import Json


class ApiClient(Base):
    """An OAuth2 client-credentials client acting for one customer with a set of roles."""

    __tablename__ = "api_clients"

    client_id: Mapped[str] = mapped_column(String(100), primary_key=True)
    customer_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("customers.id"), index=True)
    name: Mapped[str] = mapped_column(String(200))
    secret_hash: Mapped[str] = mapped_column(String(300))
    roles: Mapped[list[str]] = mapped_column(Json)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), server_default=func.now())
    revoked_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    # After a rotation the previous secret still authenticates until it expires (a grace period).
    previous_secret_hash: Mapped[str | None] = mapped_column(String(300))
    previous_secret_expires_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
