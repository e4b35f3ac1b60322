"""credentials: revoked clients, closed tenants and rotated client secrets

Revision ID: 0010
Revises: 0009
Create Date: 2026-12-08 10:00:00
"""

import sqlalchemy as sa
from alembic import op

revision = "0010"
down_revision = "0009"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.add_column("api_clients", sa.Column("previous_secret_hash", sa.String(length=300), nullable=True))
    op.add_column("api_clients", sa.Column("previous_secret_expires_at", sa.DateTime(timezone=True), nullable=True))
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
    op.drop_column("api_clients", "previous_secret_expires_at")
    op.drop_column("api_clients", "previous_secret_hash")
