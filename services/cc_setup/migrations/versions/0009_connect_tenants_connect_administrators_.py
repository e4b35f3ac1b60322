"""connect tenants, connect administrators, role changes and connect webhooks received

Revision ID: 0009
Revises: 0008
Create Date: 2026-12-02 04:45:40.218620
"""

import sqlalchemy as sa
from alembic import op

revision = "0009"
down_revision = "0008"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "cc_connect_administrators",
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("customer_id", sa.Uuid(), nullable=False),
        sa.Column("tenant_path", sa.String(length=4000), nullable=False),
        sa.Column("email", sa.String(length=320), nullable=False),
        sa.Column("account_id", sa.Uuid(), nullable=True),
        sa.Column("platform_role", sa.String(length=40), nullable=False),
        sa.Column("connect_role", sa.String(length=40), nullable=False),
        sa.Column("engage", sa.Boolean(), nullable=False),
        sa.Column("tenant_owner", sa.Boolean(), nullable=False),
        sa.Column("state", sa.String(length=20), nullable=False),
        sa.Column("connect_user_id", sa.String(length=100), nullable=True),
        sa.Column("invitations", sa.Integer(), nullable=False),
        sa.Column("invited_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("lapses_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("activated_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("lapsed_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), server_default=sa.text("now()"), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), server_default=sa.text("now()"), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_cc_connect_administrators")),
        sa.UniqueConstraint("customer_id", "email", name=op.f("uq_cc_connect_administrators_customer_id")),
    )
    op.create_index(
        "ix_cc_connect_administrators_tenant_path",
        "cc_connect_administrators",
        ["tenant_path"],
        unique=False,
        postgresql_ops={"tenant_path": "text_pattern_ops"},
    )
    op.create_table(
        "cc_connect_role_changes",
        sa.Column("change_id", sa.Uuid(), nullable=False),
        sa.Column("customer_id", sa.Uuid(), nullable=False),
        sa.Column("administrator_id", sa.Uuid(), nullable=False),
        sa.Column("origin", sa.String(length=20), nullable=False),
        sa.Column("connect_role", sa.String(length=40), nullable=False),
        sa.Column("platform_role", sa.String(length=40), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), server_default=sa.text("now()"), nullable=False),
        sa.PrimaryKeyConstraint("change_id", name=op.f("pk_cc_connect_role_changes")),
    )
    op.create_table(
        "cc_connect_tenants",
        sa.Column("customer_id", sa.Uuid(), nullable=False),
        sa.Column("tenant_path", sa.String(length=4000), nullable=False),
        sa.Column("connect_tenant_id", sa.String(length=100), nullable=False),
        sa.Column("country", sa.String(length=2), nullable=False),
        sa.Column("time_zone", sa.String(length=64), nullable=False),
        sa.Column("owner_email", sa.String(length=320), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), server_default=sa.text("now()"), nullable=False),
        sa.PrimaryKeyConstraint("customer_id", name=op.f("pk_cc_connect_tenants")),
        sa.UniqueConstraint("connect_tenant_id", name=op.f("uq_cc_connect_tenants_connect_tenant_id")),
    )
    op.create_table(
        "cc_connect_webhooks_received",
        sa.Column("webhook_id", sa.String(length=100), nullable=False),
        sa.Column("type", sa.String(length=60), nullable=False),
        sa.Column("received_at", sa.DateTime(timezone=True), server_default=sa.text("now()"), nullable=False),
        sa.PrimaryKeyConstraint("webhook_id", name=op.f("pk_cc_connect_webhooks_received")),
    )


def downgrade() -> None:
    op.drop_table("cc_connect_webhooks_received")
    op.drop_table("cc_connect_tenants")
    op.drop_table("cc_connect_role_changes")
    op.drop_index(
        "ix_cc_connect_administrators_tenant_path",
        table_name="cc_connect_administrators",
        postgresql_ops={"tenant_path": "text_pattern_ops"},
    )
    op.drop_table("cc_connect_administrators")
