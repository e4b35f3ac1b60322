"""port orders: the order, its numbers and its timeline; numbers know the port bringing them in

Revision ID: 0012
Revises: 0011
Create Date: 2026-12-02 04:07:53.280244
"""

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects import postgresql

revision = "0012"
down_revision = "0011"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "port_orders",
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("customer_id", sa.Uuid(), nullable=False),
        sa.Column("tenant_path", sa.String(length=4000), nullable=False),
        sa.Column("order_number", sa.String(length=20), nullable=False),
        sa.Column("location_id", sa.Uuid(), nullable=False),
        sa.Column("country", sa.String(length=2), nullable=False),
        sa.Column("mode", sa.String(length=20), nullable=False),
        sa.Column("state", sa.String(length=20), nullable=False),
        sa.Column("cancel_requested_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("cart_id", sa.Uuid(), nullable=True),
        sa.Column("split_from", sa.Uuid(), nullable=True),
        sa.Column("losing_carrier", sa.String(length=200), nullable=True),
        sa.Column("account", postgresql.JSONB(astext_type=sa.Text()), nullable=False),
        sa.Column("voice", sa.Boolean(), nullable=False),
        sa.Column("messaging", sa.Boolean(), nullable=False),
        sa.Column("requested_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("notification_email", sa.String(length=320), nullable=True),
        sa.Column("bill_id", sa.Uuid(), nullable=True),
        sa.Column("loa_id", sa.Uuid(), nullable=True),
        sa.Column("loa_signer", postgresql.JSONB(astext_type=sa.Text()), nullable=True),
        sa.Column("loa_signed_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("loa_numbers", postgresql.JSONB(astext_type=sa.Text()), nullable=True),
        sa.Column("main_btn", postgresql.JSONB(astext_type=sa.Text()), nullable=True),
        sa.Column("carrier_port_id", sa.String(length=100), nullable=True),
        sa.Column("attempts", sa.Integer(), nullable=False),
        sa.Column("foc_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("rejection", postgresql.JSONB(astext_type=sa.Text()), nullable=True),
        sa.Column("completed_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("created_by", sa.String(length=200), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), server_default=sa.text("now()"), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), server_default=sa.text("now()"), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_port_orders")),
        sa.UniqueConstraint("order_number", name=op.f("uq_port_orders_order_number")),
    )
    op.create_index("ix_port_orders_customer_created", "port_orders", ["customer_id", "created_at", "id"], unique=False)
    op.create_index(
        "ix_port_orders_tenant_path",
        "port_orders",
        ["tenant_path"],
        unique=False,
        postgresql_ops={"tenant_path": "text_pattern_ops"},
    )
    op.create_table(
        "port_order_numbers",
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("port_order_id", sa.Uuid(), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.Column("number", sa.String(length=16), nullable=False),
        sa.Column("status", sa.String(length=20), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), server_default=sa.text("now()"), nullable=False),
        sa.ForeignKeyConstraint(
            ["port_order_id"],
            ["port_orders.id"],
            name=op.f("fk_port_order_numbers_port_order_id_port_orders"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_port_order_numbers")),
    )
    op.create_index(
        "ix_port_order_numbers_order_created", "port_order_numbers", ["port_order_id", "created_at", "id"], unique=False
    )
    op.create_table(
        "port_order_timeline",
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("port_order_id", sa.Uuid(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("actor", sa.String(length=200), nullable=False),
        sa.Column("action", sa.String(length=40), nullable=False),
        sa.Column("from_state", sa.String(length=20), nullable=True),
        sa.Column("to_state", sa.String(length=20), nullable=False),
        sa.Column("reason", sa.String(length=2000), nullable=True),
        sa.ForeignKeyConstraint(
            ["port_order_id"],
            ["port_orders.id"],
            name=op.f("fk_port_order_timeline_port_order_id_port_orders"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_port_order_timeline")),
    )
    op.create_index(
        "ix_port_order_timeline_order_created",
        "port_order_timeline",
        ["port_order_id", "created_at", "id"],
        unique=False,
    )
    op.add_column("numbers", sa.Column("port_order_id", sa.Uuid(), nullable=True))
    op.create_index("ix_numbers_port_order", "numbers", ["port_order_id"], unique=False)


def downgrade() -> None:
    op.drop_index("ix_numbers_port_order", table_name="numbers")
    op.drop_column("numbers", "port_order_id")
    op.drop_index("ix_port_order_timeline_order_created", table_name="port_order_timeline")
    op.drop_table("port_order_timeline")
    op.drop_index("ix_port_order_numbers_order_created", table_name="port_order_numbers")
    op.drop_table("port_order_numbers")
    op.drop_index(
        "ix_port_orders_tenant_path", table_name="port_orders", postgresql_ops={"tenant_path": "text_pattern_ops"}
    )
    op.drop_index("ix_port_orders_customer_created", table_name="port_orders")
    op.drop_table("port_orders")
