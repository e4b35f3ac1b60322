"""the customer directory remembers the state a suspended customer resumes to

Revision ID: 0002
Revises: 0001
Create Date: 2026-12-01 20:40:00
"""

import sqlalchemy as sa
from alembic import op

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.add_column("known_customers", sa.Column("state_before_suspension", sa.String(length=40), nullable=True))


def downgrade() -> None:
    op.drop_column("known_customers", "state_before_suspension")
