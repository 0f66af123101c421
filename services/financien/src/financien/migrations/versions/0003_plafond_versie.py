"""A version per subsidy ceiling (its change events carry it, so read models elsewhere keep the newest).

Revision ID: 0003
Revises: 0002
"""

import sqlalchemy as sa
from alembic import op

revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.add_column(
        "subsidieplafond",
        sa.Column("versie", sa.Integer(), server_default="1", nullable=False, comment="Increases per change"),
        schema="financien",
    )


def downgrade() -> None:
    op.drop_column("subsidieplafond", "versie", schema="financien")
