"""administrator accounts, their applied role changes and the active contact centers

Revision ID: 0015
Revises: 0014
Create Date: 2026-12-02 04:42:22
"""

import sqlalchemy as sa
from alembic import op

revision = "0015"
down_revision = "0014"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "active_contact_centers",
        sa.Column("customer_id", sa.Uuid(), nullable=False),
        sa.Column("activated_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("customer_id", name=op.f("pk_active_contact_centers")),
    )
    op.create_table(
        "accounts",
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("customer_id", sa.Uuid(), nullable=False),
        sa.Column("tenant_path", sa.String(length=4000), nullable=False),
        sa.Column("email", sa.String(length=320), nullable=False),
        sa.Column("role", sa.String(length=40), nullable=False),
        sa.Column("state", sa.String(length=20), nullable=False),
        sa.Column("password_hash", sa.String(length=200), nullable=True),
        sa.Column("terms_accepted_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("activated_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("invitation_hash", sa.String(length=64), nullable=True),
        sa.Column("invitation_expires_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("invitation_emailed_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("invitation_used_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), server_default=sa.text("now()"), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), server_default=sa.text("now()"), nullable=False),
        sa.ForeignKeyConstraint(["customer_id"], ["customers.id"], name=op.f("fk_accounts_customer_id_customers")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_accounts")),
        sa.UniqueConstraint("customer_id", "email", name="uq_accounts_customer_email"),
        sa.UniqueConstraint("invitation_hash", name=op.f("uq_accounts_invitation_hash")),
    )
    op.create_index("ix_accounts_customer_created", "accounts", ["customer_id", "created_at", "id"], unique=False)
    op.create_index("ix_accounts_email", "accounts", ["email"], unique=False)
    op.create_table(
        "account_role_changes",
        sa.Column("change_id", sa.Uuid(), nullable=False),
        sa.Column("account_id", sa.Uuid(), nullable=False),
        sa.Column("role", sa.String(length=40), nullable=False),
        sa.Column("origin", sa.String(length=10), nullable=False),
        sa.Column("applied_at", sa.DateTime(timezone=True), server_default=sa.text("now()"), nullable=False),
        sa.ForeignKeyConstraint(
            ["account_id"], ["accounts.id"], name=op.f("fk_account_role_changes_account_id_accounts")
        ),
        sa.PrimaryKeyConstraint("change_id", name=op.f("pk_account_role_changes")),
    )


def downgrade() -> None:
    op.drop_table("account_role_changes")
    op.drop_index("ix_accounts_email", table_name="accounts")
    op.drop_index("ix_accounts_customer_created", table_name="accounts")
    op.drop_table("accounts")
    op.drop_table("active_contact_centers")
