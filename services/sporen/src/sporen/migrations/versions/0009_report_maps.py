"""Maps in the half-year report (issue 32, item 2): an indicator series' values per wijk, and the wijken's outlines
per register year, as indicatoren announces them.

Revision ID: 0009
Revises: 0008
"""

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects import postgresql

revision = "0009"
down_revision = "0008"
branch_labels = None
depends_on = None
S = "sporen"


def upgrade() -> None:
    op.add_column(
        "indicator_reeks",
        sa.Column(
            "wijkwaarden",
            postgresql.JSONB(astext_type=sa.Text()),
            nullable=False,
            server_default="[]",
            comment="[{periode, gebied, waarde}] of wijken",
        ),
        schema=S,
    )
    op.alter_column("indicator_reeks", "wijkwaarden", server_default=None, schema=S)
    op.create_table(
        "wijk_omtrek",
        sa.Column("tenant", sa.String(length=6), nullable=False, comment="CBS code of the municipality (GM####)"),
        sa.Column("jaar", sa.Integer(), nullable=False, comment="The register's year"),
        sa.Column("code", sa.String(length=10), nullable=False),
        sa.Column("naam", sa.String(length=200), nullable=True),
        sa.Column("omtrek", postgresql.JSONB(astext_type=sa.Text()), nullable=True, comment="GeoJSON geometry (WGS84)"),
        sa.PrimaryKeyConstraint("tenant", "jaar", "code", name=op.f("pk_wijk_omtrek")),
        schema=S,
    )


def downgrade() -> None:
    op.drop_table("wijk_omtrek", schema=S)
    op.drop_column("indicator_reeks", "wijkwaarden", schema=S)
