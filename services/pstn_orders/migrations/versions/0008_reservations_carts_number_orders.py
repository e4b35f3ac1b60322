"""reservations, carts and number orders

Revision ID: 0008
Revises: 0007
Create Date: 2026-12-02 00:30:00
"""

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects import postgresql

revision = "0008"
down_revision = "0007"
branch_labels = None
depends_on = None

JSON = sa.JSON().with_variant(postgresql.JSONB(), "postgresql")


def _stamps() -> list[sa.Column]:
    return [
        sa.Column("created_at", sa.DateTime(timezone=True), server_default=sa.func.now(), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), server_default=sa.func.now(), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
    ]


def _tenant_indexes(table: str) -> None:
    op.create_index(f"ix_{table}_customer_created", table, ["customer_id", "created_at", "id"])
    op.create_index(
        f"ix_{table}_tenant_path", table, ["tenant_path"], postgresql_ops={"tenant_path": "text_pattern_ops"}
    )


def upgrade() -> None:
    op.create_table(
        "reservations",
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("customer_id", sa.Uuid(), nullable=False),
        sa.Column("tenant_path", sa.String(4000), nullable=False),
        sa.Column("carrier_reservation_id", sa.String(100), nullable=False),
        sa.Column("numbers", JSON, nullable=False),
        sa.Column("state", sa.String(20), nullable=False),
        sa.Column("expires_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("order_id", sa.Uuid(), nullable=True),
        *_stamps(),
        sa.PrimaryKeyConstraint("id", name="pk_reservations"),
    )
    _tenant_indexes("reservations")
    op.create_table(
        "carts",
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("customer_id", sa.Uuid(), nullable=False),
        sa.Column("tenant_path", sa.String(4000), nullable=False),
        sa.Column("location_id", sa.Uuid(), nullable=True),
        sa.Column("numbers", JSON, nullable=False),
        sa.Column("state", sa.String(20), nullable=False),
        sa.Column("order_id", sa.Uuid(), nullable=True),
        *_stamps(),
        sa.PrimaryKeyConstraint("id", name="pk_carts"),
    )
    _tenant_indexes("carts")
    op.create_table(
        "number_orders",
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("customer_id", sa.Uuid(), nullable=False),
        sa.Column("tenant_path", sa.String(4000), nullable=False),
        sa.Column("order_number", sa.String(20), nullable=False),
        sa.Column("location_id", sa.Uuid(), nullable=False),
        sa.Column("country", sa.String(2), nullable=False),
        sa.Column("kind", sa.String(20), nullable=False),
        sa.Column("state", sa.String(20), nullable=False),
        sa.Column("quantity", sa.Integer(), nullable=False),
        sa.Column("block", sa.Boolean(), nullable=False),
        sa.Column("block_id", sa.Uuid(), nullable=True),
        sa.Column("advanced", sa.Boolean(), nullable=False),
        sa.Column("number_type", sa.String(10), nullable=True),
        sa.Column("details", sa.Text(), nullable=True),
        sa.Column("reservation_id", sa.Uuid(), nullable=True),
        sa.Column("cart_id", sa.Uuid(), nullable=True),
        sa.Column("confirmed_alerts", JSON, nullable=False),
        sa.Column("carrier_order_id", sa.String(100), nullable=True),
        sa.Column("placed_by", sa.String(200), nullable=False),
        sa.Column("activated_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("expected_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("completed_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("failure_reason", sa.String(2000), nullable=True),
        *_stamps(),
        sa.PrimaryKeyConstraint("id", name="pk_number_orders"),
        sa.UniqueConstraint("order_number", name="uq_number_orders_order_number"),
    )
    _tenant_indexes("number_orders")
    op.create_index("ix_number_orders_customer_state", "number_orders", ["customer_id", "state"])
    op.create_table(
        "number_order_items",
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("order_id", sa.Uuid(), nullable=False),
        sa.Column("number", sa.String(16), nullable=False),
        sa.Column("fulfilment", sa.String(20), nullable=False),
        sa.Column("failure_reason", sa.String(2000), nullable=True),
        sa.Column("state", sa.String(2), nullable=True),
        sa.Column("locality", sa.String(100), nullable=True),
        sa.Column("updated_at", sa.DateTime(timezone=True), server_default=sa.func.now(), nullable=False),
        sa.PrimaryKeyConstraint("id", name="pk_number_order_items"),
        sa.ForeignKeyConstraint(
            ["order_id"], ["number_orders.id"], name="fk_number_order_items_order_id_number_orders", ondelete="CASCADE"
        ),
        sa.UniqueConstraint("order_id", "number", name="uq_number_order_items_order_number"),
    )
    op.create_index("ix_number_order_items_number", "number_order_items", ["number"])


def downgrade() -> None:
    op.drop_table("number_order_items")
    op.drop_table("number_orders")
    op.drop_table("carts")
    op.drop_table("reservations")
