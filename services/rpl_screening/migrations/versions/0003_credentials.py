"""credentials: revoked clients and closed tenants

Revision ID: 0003
Revises: 0002
Create Date: 2026-12-08 10:00:00
"""

import sqlalchemy as sa
from alembic import op

revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "revoked_clients",
        sa.Column("client_id", sa.String(length=100), nullable=False),
        sa.Column("customer_id", sa.Uuid(), nullable=False),
        sa.Column("revoked_at", sa.DateTime(timezone=True), server_default=sa.text("now()"), nullable=False),
        sa.PrimaryKeyConstraint("client_id", name=op.f("pk_revoked_clients")),
    )
    op.create_table(
        "closed_tenants",
        sa.Column("customer_id", sa.Uuid(), nullable=False),
        sa.Column("tenant_path", sa.String(length=4000), nullable=False),
        sa.Column("state", sa.String(length=40), nullable=False),
        sa.Column("closed_at", sa.DateTime(timezone=True), server_default=sa.text("now()"), nullable=False),
        sa.PrimaryKeyConstraint("customer_id", name=op.f("pk_closed_tenants")),
    )


def downgrade() -> None:
    op.drop_table("closed_tenants")
    op.drop_table("revoked_clients")
