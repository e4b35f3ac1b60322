"""The pstn_orders service's tables."""

from sqlalchemy.orm import DeclarativeBase

from servicekit import known_customers_table, new_metadata, platform_tables


class Base(DeclarativeBase):
    metadata = new_metadata()


platform = platform_tables(Base.metadata)
known_customers = known_customers_table(Base.metadata)
