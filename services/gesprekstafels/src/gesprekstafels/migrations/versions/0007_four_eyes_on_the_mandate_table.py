"""Four eyes on the mandate table itself (issue 28): a change of the table is proposed by one administrator and
carried out when another confirms it; nobody raises their own mandate.

Revision ID: 0007
Revises: 0006
"""

import sqlalchemy as sa
from alembic import op
from sqlalchemy import Text
from sqlalchemy.dialects import postgresql

revision = "0007"
down_revision = "0006"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "mandaatwijziging",
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("soort", sa.String(length=12), nullable=False, comment="toevoegen / verwijderen"),
        sa.Column(
            "mandaat_id", sa.Uuid(), nullable=True, comment="The line removed, or the line added once carried out"
        ),
        sa.Column("gegevens", postgresql.JSONB(astext_type=Text()), nullable=False, comment="The line as proposed"),
        sa.Column(
            "voorgesteld_door",
            postgresql.JSONB(astext_type=Text()),
            nullable=False,
            comment="{persoon, naam, rol} of the administrator who proposed it",
        ),
        sa.Column(
            "bevestigd_door",
            postgresql.JSONB(astext_type=Text()),
            nullable=True,
            comment="{persoon, naam, rol} of the other administrator who confirmed it",
        ),
        sa.Column("status", sa.String(length=12), nullable=False, comment="wacht / doorgevoerd"),
        sa.Column("versie", sa.Integer(), nullable=False),
        sa.Column("tenant", sa.String(length=6), nullable=False, comment="CBS code of the municipality (GM####)"),
        sa.Column("created_at", sa.DateTime(timezone=True), server_default=sa.text("now()"), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), server_default=sa.text("now()"), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_mandaatwijziging")),
        schema="gesprekstafels",
    )
    op.create_index(
        op.f("ix_mandaatwijziging_tenant"), "mandaatwijziging", ["tenant"], unique=False, schema="gesprekstafels"
    )
    op.create_index(
        "ix_mandaatwijziging_tenant_status",
        "mandaatwijziging",
        ["tenant", "status"],
        unique=False,
        schema="gesprekstafels",
    )


def downgrade() -> None:
    op.drop_index("ix_mandaatwijziging_tenant_status", table_name="mandaatwijziging", schema="gesprekstafels")
    op.drop_index(op.f("ix_mandaatwijziging_tenant"), table_name="mandaatwijziging", schema="gesprekstafels")
    op.drop_table("mandaatwijziging", schema="gesprekstafels")
