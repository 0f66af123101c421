"""Read model of financien's Iv3 figures per track (and the size class's) for the half-year report.

Revision ID: 0005
Revises: 0004
"""

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects import postgresql

revision = "0005"
down_revision = "0004"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "iv3_cijfers",
        sa.Column("tenant", sa.String(length=6), nullable=False),
        sa.Column("jaar", sa.Integer(), nullable=False),
        sa.Column("bron", sa.String(length=20), nullable=False),
        sa.Column(
            "versie", sa.BigInteger(), nullable=False, comment="The import's moment (ms): a later import is newer"
        ),
        sa.Column(
            "inhoud", postgresql.JSONB(astext_type=sa.Text()), nullable=False, comment="The event's data as it came"
        ),
        sa.Column(
            "events_applied",
            sa.Integer(),
            nullable=False,
            comment="Number of events applied to this row (each exactly once)",
        ),
        sa.Column("bijgewerkt_op", sa.DateTime(timezone=True), server_default=sa.text("now()"), nullable=False),
        sa.PrimaryKeyConstraint("tenant", "jaar", "bron", name=op.f("pk_iv3_cijfers")),
        schema="sporen",
    )


def downgrade() -> None:
    op.drop_table("iv3_cijfers", schema="sporen")
