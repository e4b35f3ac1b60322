"""locations, trial or paid subscriptions, add-on changes and the partners' PSTN programme

Revision ID: 0014
Revises: 0013
Create Date: 2026-12-02 00:30:00
"""

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects import postgresql

revision = "0014"
down_revision = "0013"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.add_column("customers", sa.Column("subscription", sa.String(length=10), server_default="paid", nullable=False))
    op.create_table(
        "locations",
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("customer_id", sa.Uuid(), nullable=False),
        sa.Column("name", sa.String(length=200), nullable=False),
        sa.Column("address", postgresql.JSONB(), nullable=False),
        sa.Column("country", sa.String(length=2), nullable=False),
        sa.Column("time_zone", sa.String(length=64), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), server_default=sa.text("now()"), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), server_default=sa.text("now()"), nullable=False),
        sa.Column("deleted_at", sa.DateTime(timezone=True), nullable=True),
        sa.ForeignKeyConstraint(["customer_id"], ["customers.id"], name=op.f("fk_locations_customer_id_customers")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_locations")),
    )
    op.create_index("ix_locations_customer_created", "locations", ["customer_id", "created_at", "id"], unique=False)
    op.create_table(
        "pstn_programmes",
        sa.Column("partner_id", sa.Uuid(), nullable=False),
        sa.Column("enrolled", sa.Boolean(), nullable=False),
        sa.Column("calling_addendum_accepted_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), server_default=sa.text("now()"), nullable=False),
        sa.ForeignKeyConstraint(["partner_id"], ["customers.id"], name=op.f("fk_pstn_programmes_partner_id_customers")),
        sa.PrimaryKeyConstraint("partner_id", name=op.f("pk_pstn_programmes")),
    )
    # R-CUST-05: the provider calling plan is the first add-on that can be ordered; the calling plan needs it.
    op.execute("UPDATE catalogue SET orderable = true WHERE code = 'provider_calling_plan'")


def downgrade() -> None:
    op.execute("UPDATE catalogue SET orderable = false WHERE code = 'provider_calling_plan'")
    op.drop_table("pstn_programmes")
    op.drop_index("ix_locations_customer_created", table_name="locations")
    op.drop_table("locations")
    op.drop_column("customers", "subscription")
