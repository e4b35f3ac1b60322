"""The data-locality map: the data center each country of operation's tenant is created in (R-CC-05)."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import DateTime, String, func
from sqlalchemy.orm import Mapped, mapped_column

from cc_setup.models import Base
from servicekit import Json


class DataLocality(Base):
    """One country with a compatible location; a country without a row has none (R-CC-05)."""

    __tablename__ = "data_locality"

    country: Mapped[str] = mapped_column(String(2), primary_key=True)  # ISO 3166-1 alpha-2
    data_center: Mapped[str] = mapped_column(String(40))
    region: Mapped[str] = mapped_column(String(30))  # R-CC-09's regions
    default_time_zone: Mapped[str] = mapped_column(String(64))  # R-CC-07: the region's default
    platforms: Mapped[list[str]] = mapped_column(Json)  # R-CC-08: the platforms the country may choose
    updated_by: Mapped[str | None] = mapped_column(String(200))
    updated_at: Mapped[datetime] = mapped_column(
        DateTime(timezone=True), server_default=func.now(), onupdate=func.now()
    )
    version: Mapped[int] = mapped_column(default=1)

    __mapper_args__ = {"version_id_col": version, "eager_defaults": True}
