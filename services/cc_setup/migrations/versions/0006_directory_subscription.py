"""the customer directory knows subscriptions and add-ons

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


def downgrade() -> None:
    op.drop_column("known_customers", "addons")
    op.drop_column("known_customers", "subscription")
    op.drop_column("known_customers", "contact_email")
    op.drop_column("known_customers", "name")
