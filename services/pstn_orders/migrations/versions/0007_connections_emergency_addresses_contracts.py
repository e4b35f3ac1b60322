"""PSTN connections per location, emergency addresses and carrier contracts

Revision ID: 0007
Revises: 0006
Create Date: 2026-12-02 00:30:00
"""

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects import postgresql

revision = "0007"
down_revision = "0006"
branch_labels = None
depends_on = None

TEXT_PATTERN = {"tenant_path": "text_pattern_ops"}


def upgrade() -> None:
    op.create_table(
        "emergency_addresses",
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("customer_id", sa.Uuid(), nullable=False),
        sa.Column("tenant_path", sa.String(length=4000), nullable=False),
        sa.Column("location_id", sa.Uuid(), nullable=True),
        sa.Column("house_number", sa.String(length=20), nullable=False),
        sa.Column("house_number_suffix", sa.String(length=10), nullable=True),
        sa.Column("pre_directional", sa.String(length=2), nullable=True),
        sa.Column("street_name", sa.String(length=60), nullable=False),
        sa.Column("street_suffix", sa.String(length=10), nullable=True),
        sa.Column("post_directional", sa.String(length=2), nullable=True),
        sa.Column("unit", sa.String(length=20), nullable=True),
        sa.Column("floor", sa.String(length=10), nullable=True),
        sa.Column("building", sa.String(length=60), nullable=True),
        sa.Column("city", sa.String(length=60), nullable=False),
        sa.Column("state", sa.String(length=3), nullable=True),
        sa.Column("postal_code", sa.String(length=10), nullable=False),
        sa.Column("country", sa.String(length=2), nullable=False),
        sa.Column("status", sa.String(length=20), nullable=False),
        sa.Column("suggested", postgresql.JSONB(), nullable=True),
        sa.Column("candidates", postgresql.JSONB(), nullable=False),
        sa.Column("problems", postgresql.JSONB(), nullable=False),
        sa.Column("carrier_address_id", sa.String(length=100), nullable=True),
        sa.Column("validated_by", sa.String(length=20), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), server_default=sa.text("now()"), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), server_default=sa.text("now()"), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_emergency_addresses")),
        sa.UniqueConstraint("location_id", name=op.f("uq_emergency_addresses_location_id")),
    )
    op.create_index(
        "ix_emergency_addresses_customer", "emergency_addresses", ["customer_id", "created_at", "id"], unique=False
    )
    op.create_index(
        "ix_emergency_addresses_tenant_path",
        "emergency_addresses",
        ["tenant_path"],
        unique=False,
        postgresql_ops=TEXT_PATTERN,
    )
    op.create_table(
        "pstn_connections",
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("customer_id", sa.Uuid(), nullable=False),
        sa.Column("tenant_path", sa.String(length=4000), nullable=False),
        sa.Column("location_id", sa.Uuid(), nullable=False),
        sa.Column("type", sa.String(length=20), nullable=False),
        sa.Column("carrier_name", sa.String(length=200), nullable=True),
        sa.Column("integrated", sa.Boolean(), nullable=True),
        sa.Column("must_move_to_integrated", sa.Boolean(), nullable=False),
        sa.Column("usage", sa.String(length=20), nullable=False),
        sa.Column("signer_name", sa.String(length=200), nullable=True),
        sa.Column("signer_email", sa.String(length=320), nullable=True),
        sa.Column("calling_plan_enabled_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), server_default=sa.text("now()"), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), server_default=sa.text("now()"), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_pstn_connections")),
        sa.UniqueConstraint("location_id", name=op.f("uq_pstn_connections_location_id")),
    )
    op.create_index("ix_pstn_connections_customer", "pstn_connections", ["customer_id"], unique=False)
    op.create_index(
        "ix_pstn_connections_tenant_path",
        "pstn_connections",
        ["tenant_path"],
        unique=False,
        postgresql_ops=TEXT_PATTERN,
    )
    op.create_table(
        "pstn_setups",
        sa.Column("customer_id", sa.Uuid(), nullable=False),
        sa.Column("tenant_path", sa.String(length=4000), nullable=False),
        sa.Column("skipped_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("resumed_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("updated_at", sa.DateTime(timezone=True), server_default=sa.text("now()"), nullable=False),
        sa.PrimaryKeyConstraint("customer_id", name=op.f("pk_pstn_setups")),
    )
    op.create_index(
        "ix_pstn_setups_tenant_path", "pstn_setups", ["tenant_path"], unique=False, postgresql_ops=TEXT_PATTERN
    )
    op.create_table(
        "pstn_contracts",
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("customer_id", sa.Uuid(), nullable=False),
        sa.Column("tenant_path", sa.String(length=4000), nullable=False),
        sa.Column("kind", sa.String(length=10), nullable=False),
        sa.Column("state", sa.String(length=10), nullable=False),
        sa.Column("sent_to", sa.String(length=320), nullable=False),
        sa.Column("link", sa.String(length=500), nullable=False),
        sa.Column("sent_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("emailed_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("signed_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("signer_name", sa.String(length=200), nullable=True),
        sa.Column("signed_by_client", sa.String(length=200), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), server_default=sa.text("now()"), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), server_default=sa.text("now()"), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_pstn_contracts")),
        sa.UniqueConstraint("customer_id", name=op.f("uq_pstn_contracts_customer_id")),
    )
    op.create_index(
        "ix_pstn_contracts_tenant_path", "pstn_contracts", ["tenant_path"], unique=False, postgresql_ops=TEXT_PATTERN
    )


def downgrade() -> None:
    op.drop_index("ix_pstn_contracts_tenant_path", table_name="pstn_contracts", postgresql_ops=TEXT_PATTERN)
    op.drop_table("pstn_contracts")
    op.drop_index("ix_pstn_setups_tenant_path", table_name="pstn_setups", postgresql_ops=TEXT_PATTERN)
    op.drop_table("pstn_setups")
    op.drop_index("ix_pstn_connections_tenant_path", table_name="pstn_connections", postgresql_ops=TEXT_PATTERN)
    op.drop_index("ix_pstn_connections_customer", table_name="pstn_connections")
    op.drop_table("pstn_connections")
    op.drop_index("ix_emergency_addresses_tenant_path", table_name="emergency_addresses", postgresql_ops=TEXT_PATTERN)
    op.drop_index("ix_emergency_addresses_customer", table_name="emergency_addresses")
    op.drop_table("emergency_addresses")
