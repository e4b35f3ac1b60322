"""list version origin and diff

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-23 07:12:34.060141
"""

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects import postgresql

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None


def upgrade() -> None:
    # Versions loaded before this revision keep working: they read as start-up loads with no diff.
    op.add_column("list_versions", sa.Column("origin", sa.String(length=20), nullable=False, server_default="startup"))
    op.add_column("list_versions", sa.Column("previous_label", sa.String(length=120), nullable=True))
    op.add_column(
        "list_versions",
        sa.Column(
            "added",
            sa.JSON().with_variant(postgresql.JSONB(astext_type=sa.Text()), "postgresql"),
            nullable=False,
            server_default=sa.text("'[]'"),
        ),
    )
    op.add_column(
        "list_versions",
        sa.Column(
            "removed",
            sa.JSON().with_variant(postgresql.JSONB(astext_type=sa.Text()), "postgresql"),
            nullable=False,
            server_default=sa.text("'[]'"),
        ),
    )
    op.add_column(
        "list_versions",
        sa.Column(
            "changed",
            sa.JSON().with_variant(postgresql.JSONB(astext_type=sa.Text()), "postgresql"),
            nullable=False,
            server_default=sa.text("'[]'"),
        ),
    )


def downgrade() -> None:
    op.drop_column("list_versions", "changed")
    op.drop_column("list_versions", "removed")
    op.drop_column("list_versions", "added")
    op.drop_column("list_versions", "previous_label")
    op.drop_column("list_versions", "origin")
