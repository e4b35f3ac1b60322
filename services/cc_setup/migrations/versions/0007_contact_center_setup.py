"""contact-center orders, setups, provisioning jobs and the data-locality map

Revision ID: 0007
Revises: 0006
Create Date: 2026-12-02 04:03:48.437908
"""

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects import postgresql

revision = "0007"
down_revision = "0006"
branch_labels = None
depends_on = None

BOTH = ["next_generation", "classic"]
NEXT = ["next_generation"]
# The data-locality map as first seeded (R-CC-05): country, data center, region (R-CC-09), the region's default
# time zone (R-CC-07), the platforms the country may choose (R-CC-08). The platform root edits it afterwards.
SEED = [
    ("US", "us1", "north_america", "America/New_York", BOTH),
    ("CA", "ca1", "north_america", "America/Toronto", NEXT),
    ("MX", "us1", "latam", "America/Mexico_City", NEXT),
    ("BR", "us1", "latam", "America/Sao_Paulo", NEXT),
    ("AR", "us1", "latam", "America/Argentina/Buenos_Aires", NEXT),
    ("CL", "us1", "latam", "America/Santiago", NEXT),
    ("CO", "us1", "latam", "America/Bogota", NEXT),
    ("PE", "us1", "latam", "America/Lima", NEXT),
    ("GB", "eu1", "emea", "Europe/London", BOTH),
    ("IE", "eu1", "emea", "Europe/Dublin", NEXT),
    ("NO", "eu2", "emea", "Europe/Oslo", NEXT),
    ("SE", "eu2", "emea", "Europe/Stockholm", NEXT),
    ("DK", "eu2", "emea", "Europe/Copenhagen", NEXT),
    ("FI", "eu2", "emea", "Europe/Helsinki", NEXT),
    ("DE", "eu2", "emea", "Europe/Berlin", BOTH),
    ("AT", "eu2", "emea", "Europe/Vienna", NEXT),
    ("CH", "eu2", "emea", "Europe/Zurich", NEXT),
    ("FR", "eu2", "emea", "Europe/Paris", NEXT),
    ("BE", "eu2", "emea", "Europe/Brussels", NEXT),
    ("NL", "eu2", "emea", "Europe/Amsterdam", NEXT),
    ("ES", "eu2", "emea", "Europe/Madrid", NEXT),
    ("PT", "eu2", "emea", "Europe/Lisbon", NEXT),
    ("IT", "eu2", "emea", "Europe/Rome", NEXT),
    ("PL", "eu2", "emea", "Europe/Warsaw", NEXT),
    ("AE", "eu2", "emea", "Asia/Dubai", NEXT),
    ("SA", "eu2", "emea", "Asia/Riyadh", NEXT),
    ("IL", "eu2", "emea", "Asia/Jerusalem", NEXT),
    ("TR", "eu2", "gulf", "Europe/Istanbul", NEXT),
    ("JO", "eu2", "gulf", "Asia/Amman", NEXT),
    ("BH", "eu2", "gulf", "Asia/Bahrain", NEXT),
    ("KW", "eu2", "gulf", "Asia/Kuwait", NEXT),
    ("OM", "eu2", "gulf", "Asia/Muscat", NEXT),
    ("ZA", "eu1", "southern_africa", "Africa/Johannesburg", NEXT),
    ("NA", "eu1", "southern_africa", "Africa/Windhoek", NEXT),
    ("BW", "eu1", "southern_africa", "Africa/Gaborone", NEXT),
    ("AU", "anz1", "apjc", "Australia/Sydney", BOTH),
    ("NZ", "anz1", "apjc", "Pacific/Auckland", NEXT),
    ("JP", "jp1", "apjc", "Asia/Tokyo", NEXT),
    ("SG", "sg1", "apjc", "Asia/Singapore", NEXT),
    ("IN", "sg1", "apjc", "Asia/Kolkata", NEXT),
    ("HK", "sg1", "apjc", "Asia/Hong_Kong", NEXT),
    ("MY", "sg1", "apjc", "Asia/Kuala_Lumpur", NEXT),
    ("PH", "sg1", "apjc", "Asia/Manila", NEXT),
]


def upgrade() -> None:
    op.create_table(
        "cc_orders",
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("customer_id", sa.Uuid(), nullable=False),
        sa.Column("tenant_path", sa.String(length=4000), nullable=False),
        sa.Column("kind", sa.String(length=20), nullable=False),
        sa.Column("order_reference", sa.String(length=100), nullable=True),
        sa.Column("country", sa.String(length=2), nullable=False),
        sa.Column("administrator_email", sa.String(length=320), nullable=False),
        sa.Column(
            "licences", sa.JSON().with_variant(postgresql.JSONB(astext_type=sa.Text()), "postgresql"), nullable=False
        ),
        sa.Column(
            "addons", sa.JSON().with_variant(postgresql.JSONB(astext_type=sa.Text()), "postgresql"), nullable=False
        ),
        sa.Column("created_by", sa.String(length=200), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), server_default=sa.text("now()"), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), server_default=sa.text("now()"), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_cc_orders")),
        sa.UniqueConstraint("customer_id", name=op.f("uq_cc_orders_customer_id")),
    )
    op.create_index(
        "ix_cc_orders_tenant_path",
        "cc_orders",
        ["tenant_path"],
        unique=False,
        postgresql_ops={"tenant_path": "text_pattern_ops"},
    )
    op.create_table(
        "cc_provisioning_jobs",
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("customer_id", sa.Uuid(), nullable=False),
        sa.Column("tenant_path", sa.String(length=4000), nullable=False),
        sa.Column("state", sa.String(length=20), nullable=False),
        sa.Column("run", sa.Integer(), nullable=False),
        sa.Column(
            "steps", sa.JSON().with_variant(postgresql.JSONB(astext_type=sa.Text()), "postgresql"), nullable=False
        ),
        sa.Column(
            "request", sa.JSON().with_variant(postgresql.JSONB(astext_type=sa.Text()), "postgresql"), nullable=False
        ),
        sa.Column("tenant_id", sa.String(length=100), nullable=True),
        sa.Column("failed_step", sa.String(length=40), nullable=True),
        sa.Column("failure_reason", sa.String(length=2000), nullable=True),
        sa.Column("submitted_by", sa.String(length=200), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), server_default=sa.text("now()"), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), server_default=sa.text("now()"), nullable=False),
        sa.Column("completed_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_cc_provisioning_jobs")),
        sa.UniqueConstraint("customer_id", name=op.f("uq_cc_provisioning_jobs_customer_id")),
    )
    op.create_index(
        "ix_cc_provisioning_jobs_tenant_path",
        "cc_provisioning_jobs",
        ["tenant_path"],
        unique=False,
        postgresql_ops={"tenant_path": "text_pattern_ops"},
    )
    op.create_table(
        "data_locality",
        sa.Column("country", sa.String(length=2), nullable=False),
        sa.Column("data_center", sa.String(length=40), nullable=False),
        sa.Column("region", sa.String(length=30), nullable=False),
        sa.Column("default_time_zone", sa.String(length=64), nullable=False),
        sa.Column(
            "platforms", sa.JSON().with_variant(postgresql.JSONB(astext_type=sa.Text()), "postgresql"), nullable=False
        ),
        sa.Column("updated_by", sa.String(length=200), nullable=True),
        sa.Column("updated_at", sa.DateTime(timezone=True), server_default=sa.text("now()"), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint("country", name=op.f("pk_data_locality")),
    )
    locality = sa.table(
        "data_locality",
        sa.column("country", sa.String),
        sa.column("data_center", sa.String),
        sa.column("region", sa.String),
        sa.column("default_time_zone", sa.String),
        sa.column("platforms", postgresql.JSONB),
        sa.column("version", sa.Integer),
    )
    op.bulk_insert(
        locality,
        [
            {"country": c, "data_center": dc, "region": r, "default_time_zone": tz, "platforms": p, "version": 1}
            for c, dc, r, tz, p in SEED
        ],
    )
    op.create_table(
        "cc_setups",
        sa.Column("customer_id", sa.Uuid(), nullable=False),
        sa.Column("tenant_path", sa.String(length=4000), nullable=False),
        sa.Column("order_id", sa.Uuid(), nullable=False),
        sa.Column("state", sa.String(length=20), nullable=False),
        sa.Column("sip_address", sa.String(length=320), nullable=True),
        sa.Column("country", sa.String(length=2), nullable=False),
        sa.Column("country_confirmed_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("country_confirmed_by", sa.String(length=200), nullable=True),
        sa.Column("data_center", sa.String(length=40), nullable=True),
        sa.Column("region", sa.String(length=30), nullable=True),
        sa.Column("time_zone", sa.String(length=64), nullable=True),
        sa.Column("platform", sa.String(length=40), nullable=True),
        sa.Column("telephony", sa.String(length=40), nullable=True),
        sa.Column("submitted_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("submitted_by", sa.String(length=200), nullable=True),
        sa.Column("tenant_id", sa.String(length=100), nullable=True),
        sa.Column("activated_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("chat_services_set_up_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("chat_services_set_up_by", sa.String(length=200), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), server_default=sa.text("now()"), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), server_default=sa.text("now()"), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(["order_id"], ["cc_orders.id"], name=op.f("fk_cc_setups_order_id_cc_orders")),
        sa.PrimaryKeyConstraint("customer_id", name=op.f("pk_cc_setups")),
        sa.UniqueConstraint("order_id", name=op.f("uq_cc_setups_order_id")),
    )
    op.create_index(
        "ix_cc_setups_tenant_path",
        "cc_setups",
        ["tenant_path"],
        unique=False,
        postgresql_ops={"tenant_path": "text_pattern_ops"},
    )


def downgrade() -> None:
    op.drop_index(
        "ix_cc_setups_tenant_path", table_name="cc_setups", postgresql_ops={"tenant_path": "text_pattern_ops"}
    )
    op.drop_table("cc_setups")
    op.drop_table("data_locality")
    op.drop_index(
        "ix_cc_provisioning_jobs_tenant_path",
        table_name="cc_provisioning_jobs",
        postgresql_ops={"tenant_path": "text_pattern_ops"},
    )
    op.drop_table("cc_provisioning_jobs")
    op.drop_index(
        "ix_cc_orders_tenant_path", table_name="cc_orders", postgresql_ops={"tenant_path": "text_pattern_ops"}
    )
    op.drop_table("cc_orders")
