"""The dial-in directory of the telephony domain: managed data, ordered per country (R-CUST-09)."""

from __future__ import annotations

from sqlalchemy import String
from sqlalchemy.orm import Mapped, mapped_column

from customers.models import Base


class DialInNumber(Base):
    __tablename__ = "dial_in_numbers"

    country: Mapped[str] = mapped_column(String(2), primary_key=True)
    position: Mapped[int] = mapped_column(primary_key=True)  # the first available is the lowest
    number: Mapped[str] = mapped_column(String(20))  # E.164
    available: Mapped[bool] = mapped_column(default=True)
