"""catalogue and users

Revision ID: 0004
Revises: 0003
Create Date: 2026-11-23 07:24:22.782949
"""

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects import postgresql

revision = "0004"
down_revision = "0003"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "catalogue",
        sa.Column("code", sa.String(length=100), nullable=False),
        sa.Column("kind", sa.String(length=20), nullable=False),
        sa.Column("name", sa.String(length=200), nullable=False),
        sa.Column("level", sa.Integer(), nullable=False),
        sa.Column(
            "services", sa.JSON().with_variant(postgresql.JSONB(astext_type=sa.Text()), "postgresql"), nullable=False
        ),
        sa.Column("orderable", sa.Boolean(), nullable=False),
        sa.PrimaryKeyConstraint("code", name=op.f("pk_catalogue")),
    )
    op.create_table(
        "users",
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("customer_id", sa.Uuid(), nullable=False),
        sa.Column("email", sa.String(length=320), nullable=False),
        sa.Column("name", sa.String(length=300), nullable=False),
        sa.Column("role", sa.String(length=40), nullable=False),
        sa.Column("package", sa.String(length=100), nullable=False),
        sa.Column("extension", sa.String(length=20), nullable=True),
        sa.Column("phone_number", sa.String(length=20), nullable=True),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), server_default=sa.text("now()"), nullable=False),
        sa.ForeignKeyConstraint(["customer_id"], ["customers.id"], name=op.f("fk_users_customer_id_customers")),
        sa.ForeignKeyConstraint(["package"], ["catalogue.code"], name=op.f("fk_users_package_catalogue")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_users")),
        sa.UniqueConstraint("customer_id", "email", name="uq_users_customer_email"),
    )
    op.create_index("ix_users_customer_created", "users", ["customer_id", "created_at", "id"], unique=False)
    op.create_index("ix_users_customer_package", "users", ["customer_id", "package"], unique=False)
    op.add_column(
        "customers",
        sa.Column(
            "addons",
            sa.JSON().with_variant(postgresql.JSONB(astext_type=sa.Text()), "postgresql"),
            nullable=False,
            server_default=sa.text("'{}'"),
        ),
    )
    _seed()


def downgrade() -> None:
    op.drop_column("customers", "addons")
    op.drop_index("ix_users_customer_package", table_name="users")
    op.drop_index("ix_users_customer_created", table_name="users")
    op.drop_table("users")
    op.drop_table("catalogue")


# R-CUST-04/05: the catalogue is data. Levels order packages (a full administrator is never moved down).
CATALOGUE = [
    ("messaging", "package", "Messaging", 1, ["messaging"], True),
    ("meetings", "package", "Messaging and meetings", 2, ["messaging", "meetings"], True),
    ("calling_standard", "package", "Messaging and calling", 3, ["messaging", "calling"], True),
    ("enterprise", "package", "Messaging, meetings and calling", 4, ["messaging", "meetings", "calling"], True),
    ("attendant_console", "addon", "Attendant console", 0, [], False),
    ("provider_calling_plan", "addon", "Provider calling plan", 0, [], False),
]


def _seed() -> None:
    catalogue = sa.table(
        "catalogue",
        sa.column("code", sa.String),
        sa.column("kind", sa.String),
        sa.column("name", sa.String),
        sa.column("level", sa.Integer),
        sa.column("services", sa.JSON),
        sa.column("orderable", sa.Boolean),
    )
    op.bulk_insert(
        catalogue,
        [
            {"code": c, "kind": k, "name": n, "level": lv, "services": svc, "orderable": o}
            for c, k, n, lv, svc, o in CATALOGUE
        ],
    )
