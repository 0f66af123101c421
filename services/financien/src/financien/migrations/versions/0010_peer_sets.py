"""Peers chosen by the municipality (issue 31): named sets with their reason and year, beside CBS's size class.

Revision ID: 0010
Revises: 0009
"""

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects import postgresql

revision = "0010"
down_revision = "0009"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "vergelijkingsgroep",
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("naam", sa.String(length=200), nullable=False),
        sa.Column("jaar", sa.Integer(), nullable=False, comment="The year the peers were named"),
        sa.Column("reden", sa.Text(), nullable=False, comment="Why these municipalities"),
        sa.Column(
            "gemeenten", postgresql.JSONB(astext_type=sa.Text()), nullable=False, comment="CBS codes of the peers"
        ),
        sa.Column("bron", sa.Text(), nullable=False),
        sa.Column("geregistreerd_op", sa.DateTime(timezone=True), server_default=sa.text("now()"), nullable=False),
        sa.Column("tenant", sa.String(length=6), nullable=False, comment="CBS code of the municipality (GM####)"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_vergelijkingsgroep")),
        sa.UniqueConstraint("tenant", "naam", name=op.f("uq_vergelijkingsgroep_tenant_naam")),
        schema="financien",
    )
    op.create_index(
        op.f("ix_vergelijkingsgroep_tenant"), "vergelijkingsgroep", ["tenant"], unique=False, schema="financien"
    )


def downgrade() -> None:
    op.drop_index(op.f("ix_vergelijkingsgroep_tenant"), table_name="vergelijkingsgroep", schema="financien")
    op.drop_table("vergelijkingsgroep", schema="financien")
