"""users: an extension or a phone number belongs to one user of a customer; screening notes scrubbed

Revision ID: 0011
Revises: 0010
Create Date: 2026-12-09 10:00:00
"""

import sqlalchemy as sa
from alembic import op

revision = "0011"
down_revision = "0010"
branch_labels = None
depends_on = None

COLUMNS = ("extension", "phone_number")
# Customers stopped by screening before 0011 show the reviewer's notes; they get the texts onboarding now writes.
NEUTRAL_DETAIL = {
    "rpl_rejected": "Onboarding stopped after restricted-party review.",
    "rpl_review_expired": "Onboarding stopped: the restricted-party review was not completed in time.",
}


def upgrade() -> None:
    connection = op.get_bind()
    for column in COLUMNS:
        duplicates = connection.execute(
            sa.text(
                f"SELECT customer_id, {column} FROM users WHERE {column} IS NOT NULL "
                f"GROUP BY customer_id, {column} HAVING count(*) > 1"
            )
        ).all()
        if duplicates:
            # Which user keeps the number is the customer's call, not a migration's: resolve them, then upgrade.
            listed = ", ".join(f"{customer_id}: {value}" for customer_id, value in duplicates)
            raise RuntimeError(f"users share a {column} within a customer; resolve before upgrading: {listed}")
        op.create_index(
            f"uq_users_customer_{column}",
            "users",
            ["customer_id", column],
            unique=True,
            postgresql_where=sa.text(f"{column} IS NOT NULL"),
        )
    for reason, detail in NEUTRAL_DETAIL.items():
        connection.execute(
            sa.text("UPDATE customers SET error_detail = :detail WHERE error_reason = :reason"),
            {"detail": detail, "reason": reason},
        )


def downgrade() -> None:
    # The scrubbed notes are not restored: rpl_screening keeps them in its review cases.
    for column in reversed(COLUMNS):
        op.drop_index(
            f"uq_users_customer_{column}", table_name="users", postgresql_where=sa.text(f"{column} IS NOT NULL")
        )
