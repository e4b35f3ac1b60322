"""The carrier contract each customer signs once before its first numbers are activated (R-PSTN-34)."""

from __future__ import annotations

import uuid
from datetime import datetime

from sqlalchemy import DateTime, Index, String, func
from sqlalchemy.orm import Mapped, mapped_column

from pstn_orders.models import Base


class PstnContract(Base):
    __tablename__ = "pstn_contracts"
    __table_args__ = (
        Index("ix_pstn_contracts_tenant_path", "tenant_path", postgresql_ops={"tenant_path": "text_pattern_ops"}),
    )

    id: Mapped[uuid.UUID] = mapped_column(primary_key=True, default=uuid.uuid4)
    customer_id: Mapped[uuid.UUID] = mapped_column(unique=True)  # one contract a customer
    tenant_path: Mapped[str] = mapped_column(String(4000))
    kind: Mapped[str] = mapped_column(String(10))  # contract (paid) | terms (trial): R-PSTN-30
    state: Mapped[str] = mapped_column(String(10), default="sent")  # sent | signed
    sent_to: Mapped[str] = mapped_column(String(320))  # the customer's contact email
    link: Mapped[str] = mapped_column(String(500))  # what the email links to: it names the contract
    sent_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    emailed_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))  # when the mail server took it
    signed_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    signer_name: Mapped[str | None] = mapped_column(String(200))
    signed_by_client: Mapped[str | None] = mapped_column(String(200))  # the customer administrator's client id
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), server_default=func.now())
    updated_at: Mapped[datetime] = mapped_column(
        DateTime(timezone=True), server_default=func.now(), onupdate=func.now()
    )
    version: Mapped[int] = mapped_column(default=1)

    __mapper_args__ = {"version_id_col": version, "eager_defaults": True}
