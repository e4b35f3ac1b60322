"""numbers, their assignments to users, hunt groups and auto attendants, and the users they can be assigned to

Revision ID: 0009
Revises: 0008
Create Date: 2026-12-02 00:30:00
"""

import sqlalchemy as sa
from alembic import op

revision = "0009"
down_revision = "0008"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "numbers",
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("customer_id", sa.Uuid(), nullable=False),
        sa.Column("tenant_path", sa.String(length=4000), nullable=False),
        sa.Column("location_id", sa.Uuid(), nullable=False),
        sa.Column("number", sa.String(length=16), nullable=False),
        sa.Column("order_id", sa.Uuid(), nullable=True),
        sa.Column("block_id", sa.Uuid(), nullable=True),
        sa.Column("state", sa.String(length=20), nullable=False),
        sa.Column("fulfilment", sa.String(length=20), nullable=False),
        sa.Column("failure_reason", sa.String(length=2000), nullable=True),
        sa.Column("assignee_kind", sa.String(length=20), nullable=True),
        sa.Column("assignee_id", sa.Uuid(), nullable=True),
        sa.Column("emergency_address_id", sa.Uuid(), nullable=True),
        sa.Column("activated_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), server_default=sa.text("now()"), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), server_default=sa.text("now()"), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_numbers")),
    )
    op.create_index("ix_numbers_customer_state", "numbers", ["customer_id", "state"], unique=False)
    op.create_index("ix_numbers_customer_created", "numbers", ["customer_id", "created_at", "id"], unique=False)
    op.create_index(
        "ix_numbers_tenant_path",
        "numbers",
        ["tenant_path"],
        unique=False,
        postgresql_ops={"tenant_path": "text_pattern_ops"},
    )
    op.create_index("ix_numbers_order", "numbers", ["order_id"], unique=False)
    op.create_index("ix_numbers_block", "numbers", ["block_id"], unique=False)
    op.create_index("ix_numbers_assignee", "numbers", ["assignee_kind", "assignee_id"], unique=False)
    op.create_index(op.f("ix_numbers_location_id"), "numbers", ["location_id"], unique=False)
    op.create_index(
        "uq_numbers_number_held",
        "numbers",
        ["number"],
        unique=True,
        postgresql_where=sa.text("state <> 'released'"),
    )

    op.create_table(
        "users",
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("customer_id", sa.Uuid(), nullable=False),
        sa.Column("tenant_path", sa.String(length=4000), nullable=False),
        sa.Column("email", sa.String(length=320), nullable=False),
        sa.Column("role", sa.String(length=40), nullable=False),
        sa.Column("package", sa.String(length=100), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), server_default=sa.text("now()"), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), server_default=sa.text("now()"), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_users")),
    )
    op.create_index("ix_users_customer_created", "users", ["customer_id", "created_at", "id"], unique=False)

    for table in ("hunt_groups", "auto_attendants"):
        op.create_table(
            table,
            sa.Column("id", sa.Uuid(), nullable=False),
            sa.Column("customer_id", sa.Uuid(), nullable=False),
            sa.Column("tenant_path", sa.String(length=4000), nullable=False),
            sa.Column("location_id", sa.Uuid(), nullable=False),
            sa.Column("name", sa.String(length=200), nullable=False),
            sa.Column("created_at", sa.DateTime(timezone=True), server_default=sa.text("now()"), nullable=False),
            sa.Column("updated_at", sa.DateTime(timezone=True), server_default=sa.text("now()"), nullable=False),
            sa.Column("version", sa.Integer(), nullable=False),
            sa.PrimaryKeyConstraint("id", name=op.f(f"pk_{table}")),
        )
        op.create_index(f"ix_{table}_customer_created", table, ["customer_id", "created_at", "id"], unique=False)
        op.create_index(
            f"ix_{table}_tenant_path",
            table,
            ["tenant_path"],
            unique=False,
            postgresql_ops={"tenant_path": "text_pattern_ops"},
        )


def downgrade() -> None:
    for table in ("auto_attendants", "hunt_groups"):
        op.drop_index(f"ix_{table}_tenant_path", table_name=table, postgresql_ops={"tenant_path": "text_pattern_ops"})
        op.drop_index(f"ix_{table}_customer_created", table_name=table)
        op.drop_table(table)
    op.drop_index("ix_users_customer_created", table_name="users")
    op.drop_table("users")
    op.drop_index("uq_numbers_number_held", table_name="numbers", postgresql_where=sa.text("state <> 'released'"))
    op.drop_index(op.f("ix_numbers_location_id"), table_name="numbers")
    op.drop_index("ix_numbers_assignee", table_name="numbers")
    op.drop_index("ix_numbers_block", table_name="numbers")
    op.drop_index("ix_numbers_order", table_name="numbers")
    op.drop_index("ix_numbers_tenant_path", table_name="numbers", postgresql_ops={"tenant_path": "text_pattern_ops"})
    op.drop_index("ix_numbers_customer_created", table_name="numbers")
    op.drop_index("ix_numbers_customer_state", table_name="numbers")
    op.drop_table("numbers")
