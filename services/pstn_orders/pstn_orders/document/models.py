"""Documents a customer's ports rest on: the losing carrier's bill, the signed LOA, anything else sent with them."""

from __future__ import annotations

import uuid
from datetime import date, datetime

from sqlalchemy import Date, DateTime, Index, String, func
from sqlalchemy.orm import Mapped, mapped_column

from pstn_orders.models import Base


class Document(Base):
    __tablename__ = "documents"
    __table_args__ = (
        Index("ix_documents_tenant_path", "tenant_path", postgresql_ops={"tenant_path": "text_pattern_ops"}),
        Index("ix_documents_customer_created", "customer_id", "created_at", "id"),
    )

    id: Mapped[uuid.UUID] = mapped_column(primary_key=True, default=uuid.uuid4)
    customer_id: Mapped[uuid.UUID]
    tenant_path: Mapped[str] = mapped_column(String(4000))
    kind: Mapped[str] = mapped_column(String(10))  # bill | loa | other
    filename: Mapped[str] = mapped_column(String(255))
    media_type: Mapped[str] = mapped_column(String(100))  # what the content is, not what the upload said
    size: Mapped[int]
    sha256: Mapped[str] = mapped_column(String(64))
    storage_key: Mapped[str] = mapped_column(String(200))  # where the DocumentStore keeps the bytes
    document_date: Mapped[date | None] = mapped_column(Date)  # a bill's date (R-PSTN-15)
    uploaded_by: Mapped[str] = mapped_column(String(200))  # the client id of who uploaded or signed it
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), server_default=func.now())
