"""A partner's standing in the provider's PSTN programme (R-PSTN-02), set by the platform root."""

from __future__ import annotations

import uuid
from datetime import datetime

from sqlalchemy import DateTime, ForeignKey, func
from sqlalchemy.orm import Mapped, mapped_column

from customers.models import Base


class PstnProgramme(Base):
    __tablename__ = "pstn_programmes"

    partner_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("customers.id"), primary_key=True)
    enrolled: Mapped[bool] = mapped_column(default=False)
    calling_addendum_accepted_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    version: Mapped[int] = mapped_column(default=1)
    updated_at: Mapped[datetime] = mapped_column(
        DateTime(timezone=True), server_default=func.now(), onupdate=func.now()
    )

    __mapper_args__ = {"version_id_col": version, "eager_defaults": True}
