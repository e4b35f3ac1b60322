"""an organisation SIP address belongs to one setup

Revision ID: 0008
Revises: 0007
Create Date: 2026-12-02 04:26:45.252011
"""

from alembic import op

revision = "0008"
down_revision = "0007"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_unique_constraint(op.f("uq_cc_setups_sip_address"), "cc_setups", ["sip_address"])


def downgrade() -> None:
    op.drop_constraint(op.f("uq_cc_setups_sip_address"), "cc_setups", type_="unique")
