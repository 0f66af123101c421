"""Prognoses (issue 31): a third kind of value beside measurements and targets, never part of a course.

Revision ID: 0009
Revises: 0008
"""

import sqlalchemy as sa
from alembic import op

revision = "0009"
down_revision = "0008"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "prognose",
        sa.Column("indicator_id", sa.Uuid(), nullable=False),
        sa.Column("gebied", sa.String(length=10), nullable=False),
        sa.Column("periode", sa.String(length=6), nullable=False),
        sa.Column("scenario", sa.String(length=10), nullable=False, comment="laag/midden/hoog, '' for one figure"),
        sa.Column("waarde", sa.Numeric(precision=20, scale=6), nullable=False),
        sa.Column("gemaakt_op", sa.Date(), nullable=True, comment="When the prognosis was made (as its source says)"),
        sa.Column("bron", sa.Text(), nullable=False),
        sa.Column("vastgelegd_op", sa.DateTime(timezone=True), server_default=sa.text("now()"), nullable=False),
        sa.Column("tenant", sa.String(length=6), nullable=False, comment="CBS code of the municipality (GM####)"),
        sa.ForeignKeyConstraint(
            ["indicator_id"], ["indicatoren.indicator.id"], name=op.f("fk_prognose_indicator_id_indicator")
        ),
        sa.PrimaryKeyConstraint("indicator_id", "gebied", "periode", "scenario", name=op.f("pk_prognose")),
        schema="indicatoren",
    )
    op.create_index(op.f("ix_prognose_tenant"), "prognose", ["tenant"], unique=False, schema="indicatoren")


def downgrade() -> None:
    op.drop_index(op.f("ix_prognose_tenant"), table_name="prognose", schema="indicatoren")
    op.drop_table("prognose", schema="indicatoren")
