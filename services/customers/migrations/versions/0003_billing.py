"""tariffs exchange rates ledger

Revision ID: 0003
Revises: 0002
Create Date: 2026-11-23 07:20:51.074175
"""

import uuid
from decimal import Decimal

import sqlalchemy as sa
from alembic import op

revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "exchange_rates",
        sa.Column("currency", sa.String(length=3), nullable=False),
        sa.Column("usd_per_unit", sa.Numeric(precision=20, scale=10), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), server_default=sa.text("now()"), nullable=False),
        sa.PrimaryKeyConstraint("currency", name=op.f("pk_exchange_rates")),
    )
    op.create_table(
        "ledger_entries",
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("customer_id", sa.Uuid(), nullable=False),
        sa.Column("kind", sa.String(length=20), nullable=False),
        sa.Column("amount", sa.Numeric(precision=20, scale=4), nullable=False),
        sa.Column("currency", sa.String(length=3), nullable=False),
        sa.Column("usd_per_unit", sa.Numeric(precision=20, scale=10), nullable=False),
        sa.Column("amount_usd", sa.Numeric(precision=20, scale=4), nullable=False),
        sa.Column("balance_usd", sa.Numeric(precision=20, scale=4), nullable=False, server_default="0"),
        sa.Column("notes", sa.String(length=2000), nullable=True),
        sa.Column("actor", sa.String(length=200), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), server_default=sa.text("now()"), nullable=False),
        sa.ForeignKeyConstraint(
            ["customer_id"], ["customers.id"], name=op.f("fk_ledger_entries_customer_id_customers")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_ledger_entries")),
    )
    op.create_index("ix_ledger_customer_created", "ledger_entries", ["customer_id", "created_at", "id"], unique=False)
    op.create_table(
        "tariffs",
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("owner_id", sa.Uuid(), nullable=False),
        sa.Column("name", sa.String(length=200), nullable=False),
        sa.Column("currency", sa.String(length=3), nullable=False),
        sa.Column("description", sa.String(length=2000), nullable=True),
        sa.Column("is_default", sa.Boolean(), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), server_default=sa.text("now()"), nullable=False),
        sa.ForeignKeyConstraint(["owner_id"], ["customers.id"], name=op.f("fk_tariffs_owner_id_customers")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_tariffs")),
    )
    op.create_index("ix_tariffs_owner_created", "tariffs", ["owner_id", "created_at", "id"], unique=False)
    op.add_column("customers", sa.Column("tariff_id", sa.Uuid(), nullable=True))
    op.add_column("customers", sa.Column("time_zone", sa.String(length=64), nullable=False, server_default="UTC"))
    op.add_column("customers", sa.Column("language", sa.String(length=8), nullable=False, server_default="en"))
    op.add_column("customers", sa.Column("web_login", sa.String(length=200), nullable=True))
    op.add_column("customers", sa.Column("password_hash", sa.String(length=200), nullable=True))
    op.add_column(
        "customers", sa.Column("balance_usd", sa.Numeric(precision=20, scale=4), nullable=False, server_default="0")
    )
    op.add_column(
        "customers",
        sa.Column("credit_limit_usd", sa.Numeric(precision=20, scale=4), nullable=False, server_default="0"),
    )
    op.create_unique_constraint(op.f("uq_customers_web_login"), "customers", ["web_login"])
    op.create_foreign_key(
        op.f("fk_customers_tariff_id_tariffs"), "customers", "tariffs", ["tariff_id"], ["id"], use_alter=True
    )
    _seed()


def downgrade() -> None:
    op.drop_constraint(op.f("fk_customers_tariff_id_tariffs"), "customers", type_="foreignkey")
    op.drop_constraint(op.f("uq_customers_web_login"), "customers", type_="unique")
    op.drop_column("customers", "credit_limit_usd")
    op.drop_column("customers", "balance_usd")
    op.drop_column("customers", "password_hash")
    op.drop_column("customers", "web_login")
    op.drop_column("customers", "language")
    op.drop_column("customers", "time_zone")
    op.drop_column("customers", "tariff_id")
    op.drop_index("ix_tariffs_owner_created", table_name="tariffs")
    op.drop_table("tariffs")
    op.drop_index("ix_ledger_customer_created", table_name="ledger_entries")
    op.drop_table("ledger_entries")
    op.drop_table("exchange_rates")


# Managed data from the start: exchange rates the root keeps current (R-HIER-07), and the root's default
# tariff for the partners it creates (R-HIER-05).
RATES = {
    "USD": "1",
    "EUR": "1.08",
    "GBP": "1.27",
    "CHF": "1.13",
    "NOK": "0.094",
    "SEK": "0.095",
    "DKK": "0.145",
    "PLN": "0.25",
    "CAD": "0.73",
    "AUD": "0.66",
    "NZD": "0.60",
    "SGD": "0.75",
    "JPY": "0.0067",
    "INR": "0.012",
}
ROOT_CUSTOMER_ID = uuid.UUID("00000000-0000-0000-0000-000000000001")
ROOT_DEFAULT_TARIFF_ID = uuid.UUID("00000000-0000-0000-0000-0000000000a1")


def _seed() -> None:
    rates = sa.table("exchange_rates", sa.column("currency", sa.String), sa.column("usd_per_unit", sa.Numeric))
    op.bulk_insert(rates, [{"currency": c, "usd_per_unit": Decimal(r)} for c, r in RATES.items()])
    tariffs = sa.table(
        "tariffs",
        sa.column("id", sa.Uuid),
        sa.column("owner_id", sa.Uuid),
        sa.column("name", sa.String),
        sa.column("currency", sa.String),
        sa.column("description", sa.String),
        sa.column("is_default", sa.Boolean),
        sa.column("version", sa.Integer),
    )
    op.bulk_insert(
        tariffs,
        [
            {
                "id": ROOT_DEFAULT_TARIFF_ID,
                "owner_id": ROOT_CUSTOMER_ID,
                "name": "Wholesale standard",
                "currency": "USD",
                "description": "The platform's default rate plan for partners",
                "is_default": True,
                "version": 1,
            }
        ],
    )
