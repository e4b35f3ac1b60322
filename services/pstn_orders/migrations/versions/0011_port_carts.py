"""port carts: numbers to port in, one row per pasted line with its class and portability verdict

Revision ID: 0011
Revises: 0010
Create Date: 2026-12-02 01:50:00
"""

import sqlalchemy as sa
from alembic import op

revision = "0011"
down_revision = "0010"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "port_carts",
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("customer_id", sa.Uuid(), nullable=False),
        sa.Column("tenant_path", sa.String(length=4000), nullable=False),
        sa.Column("lines", sa.Integer(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), server_default=sa.text("now()"), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), server_default=sa.text("now()"), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_port_carts")),
    )
    op.create_index("ix_port_carts_customer_created", "port_carts", ["customer_id", "created_at", "id"], unique=False)
    op.create_index(
        "ix_port_carts_tenant_path",
        "port_carts",
        ["tenant_path"],
        unique=False,
        postgresql_ops={"tenant_path": "text_pattern_ops"},
    )
    op.create_table(
        "port_cart_lines",
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("cart_id", sa.Uuid(), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.Column("raw", sa.String(length=200), nullable=False),
        sa.Column("number", sa.String(length=16), nullable=True),
        sa.Column("line_class", sa.String(length=20), nullable=False),
        sa.Column("reason", sa.String(length=500), nullable=True),
        sa.Column("verdict", sa.String(length=30), nullable=True),
        sa.Column("verdict_reason", sa.String(length=500), nullable=True),
        sa.Column("losing_carrier", sa.String(length=200), nullable=True),
        sa.Column("wireless", sa.Boolean(), nullable=True),
        sa.Column("rate_center", sa.String(length=200), nullable=True),
        sa.Column("referred_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), server_default=sa.text("now()"), nullable=False),
        sa.ForeignKeyConstraint(
            ["cart_id"], ["port_carts.id"], name=op.f("fk_port_cart_lines_cart_id_port_carts"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_port_cart_lines")),
    )
    op.create_index("ix_port_cart_lines_cart_created", "port_cart_lines", ["cart_id", "created_at", "id"], unique=False)
    op.create_index("ix_port_cart_lines_cart_number", "port_cart_lines", ["cart_id", "number"], unique=False)


def downgrade() -> None:
    op.drop_index("ix_port_cart_lines_cart_number", table_name="port_cart_lines")
    op.drop_index("ix_port_cart_lines_cart_created", table_name="port_cart_lines")
    op.drop_table("port_cart_lines")
    op.drop_index("ix_port_carts_tenant_path", table_name="port_carts")
    op.drop_index("ix_port_carts_customer_created", table_name="port_carts")
    op.drop_table("port_carts")
