"""the customer directory knows subscriptions and add-ons; projections of locations and the PSTN programme

Revision ID: 0006
Revises: 0005
Create Date: 2026-12-02 00:30:00
"""

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects import postgresql

revision = "0006"
down_revision = "0005"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.add_column("known_customers", sa.Column("name", sa.String(length=200), nullable=True))
    op.add_column("known_customers", sa.Column("contact_email", sa.String(length=320), nullable=True))
    op.add_column(
        "known_customers",
        sa.Column("subscription", sa.String(length=10), server_default=sa.text("'paid'"), nullable=False),
    )
    op.add_column(
        "known_customers",
        sa.Column(
            "addons",
            postgresql.JSONB(),
            server_default=sa.text("'{}'"),
            nullable=False,
        ),
    )
    op.create_table(
        "locations",
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("customer_id", sa.Uuid(), nullable=False),
        sa.Column("tenant_path", sa.String(length=4000), nullable=False),
        sa.Column("name", sa.String(length=200), nullable=False),
        sa.Column("address", postgresql.JSONB(), nullable=False),
        sa.Column("country", sa.String(length=2), nullable=False),
        sa.Column("time_zone", sa.String(length=64), nullable=False),
        sa.Column("deleted_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("updated_at", sa.DateTime(timezone=True), server_default=sa.text("now()"), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_locations")),
    )
    op.create_index("ix_locations_customer", "locations", ["customer_id"], unique=False)
    op.create_index(
        "ix_locations_tenant_path",
        "locations",
        ["tenant_path"],
        unique=False,
        postgresql_ops={"tenant_path": "text_pattern_ops"},
    )
    op.create_table(
        "pstn_partners",
        sa.Column("partner_id", sa.Uuid(), nullable=False),
        sa.Column("enrolled", sa.Boolean(), nullable=False),
        sa.Column("calling_addendum_accepted_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("updated_at", sa.DateTime(timezone=True), server_default=sa.text("now()"), nullable=False),
        sa.PrimaryKeyConstraint("partner_id", name=op.f("pk_pstn_partners")),
    )


def downgrade() -> None:
    op.drop_table("pstn_partners")
    op.drop_index(
        "ix_locations_tenant_path", table_name="locations", postgresql_ops={"tenant_path": "text_pattern_ops"}
    )
    op.drop_index("ix_locations_customer", table_name="locations")
    op.drop_table("locations")
    op.drop_column("known_customers", "addons")
    op.drop_column("known_customers", "subscription")
    op.drop_column("known_customers", "contact_email")
    op.drop_column("known_customers", "name")
