"""dial-in directory

Revision ID: 0005
Revises: 0004
Create Date: 2026-11-23 07:27:59.459340
"""

import sqlalchemy as sa
from alembic import op

revision = "0005"
down_revision = "0004"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "dial_in_numbers",
        sa.Column("country", sa.String(length=2), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.Column("number", sa.String(length=20), nullable=False),
        sa.Column("available", sa.Boolean(), nullable=False),
        sa.PrimaryKeyConstraint("country", "position", name=op.f("pk_dial_in_numbers")),
    )
    op.add_column("customers", sa.Column("dial_in_number", sa.String(length=20), nullable=True))
    op.add_column("customers", sa.Column("dial_in_region", sa.String(length=4), nullable=True))
    _seed()


def downgrade() -> None:
    op.drop_column("customers", "dial_in_region")
    op.drop_column("customers", "dial_in_number")
    op.drop_table("dial_in_numbers")


# The telephony domain's dial-in numbers, first available first (managed data; numbers in E.164).
DIRECTORY = {
    "US": ["+16465588656", "+14086380968"],
    "CA": ["+16475580588"],
    "BR": ["+551146806788"],
    "GB": ["+442034815237", "+443300885830"],
    "IE": ["+35312401900"],
    "DE": ["+4969380979880", "+493056795800"],
    "FR": ["+33170379729"],
    "NO": ["+4721930646"],
    "SE": ["+46850539728"],
    "NL": ["+31207941375"],
    "SG": ["+6531651065"],
    "JP": ["+81363628317"],
    "IN": ["+912248798004"],
    "AU": ["+61280156011", "+61383186032"],
    "NZ": ["+6498846780"],
    "ZA": ["+27875513631"],
}


def _seed() -> None:
    table = sa.table(
        "dial_in_numbers",
        sa.column("country", sa.String),
        sa.column("position", sa.Integer),
        sa.column("number", sa.String),
        sa.column("available", sa.Boolean),
    )
    op.bulk_insert(
        table,
        [
            {"country": country, "position": n, "number": number, "available": True}
            for country, numbers in DIRECTORY.items()
            for n, number in enumerate(numbers, start=1)
        ],
    )
