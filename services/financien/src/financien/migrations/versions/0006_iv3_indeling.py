"""A municipality's own assignment of Iv3 task fields to tracks, per task-field list.

Revision ID: 0006
Revises: 0005
"""

import sqlalchemy as sa
from alembic import op

revision = "0006"
down_revision = "0005"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "iv3_indeling",
        sa.Column("tenant", sa.String(length=6), nullable=False),
        sa.Column("lijst", sa.String(length=4), nullable=False, comment="Task-field list: 2017 or 2025"),
        sa.Column("taakveld", sa.String(length=10), nullable=False),
        sa.Column("spoor_nummer", sa.Integer(), nullable=True, comment="Null: assigned to no track"),
        sa.PrimaryKeyConstraint("tenant", "lijst", "taakveld", name=op.f("pk_iv3_indeling")),
        schema="financien",
    )


def downgrade() -> None:
    op.drop_table("iv3_indeling", schema="financien")
