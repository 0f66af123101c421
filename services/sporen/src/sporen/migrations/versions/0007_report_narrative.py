"""The half-year report's words as data (issue 25): a track's update in parts, its investments, a deferral, the
source of the texts; and the chapters that are not per track (`rapporttekst`), versioned like the rest.

Revision ID: 0007
Revises: 0006
"""

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects import postgresql

revision = "0007"
down_revision = "0006"
branch_labels = None
depends_on = None

VOORTGANG = {
    "investeringen": "The track's investments, as the report says",
    "uitgesteld": "Set when the track is deferred this half year: why",
    "bron": "Where the texts come from",
}


def upgrade() -> None:
    op.add_column(
        "voortgang",
        sa.Column(
            "onderdelen",
            postgresql.JSONB(astext_type=sa.Text()),
            nullable=False,
            server_default="[]",
            comment="The update's parts: [{titel, tekst}]",
        ),
        schema="sporen",
    )
    op.alter_column("voortgang", "onderdelen", server_default=None, schema="sporen")
    for column, comment in VOORTGANG.items():
        op.add_column("voortgang", sa.Column(column, sa.Text(), nullable=True, comment=comment), schema="sporen")
    op.create_table(
        "rapporttekst",
        sa.Column("periode", sa.String(length=6), nullable=False, comment="Half year, e.g. 2020S2"),
        sa.Column("hoofdstuk", sa.String(length=30), nullable=False),
        sa.Column("titel", sa.String(length=200), nullable=False),
        sa.Column(
            "onderdelen", postgresql.JSONB(astext_type=sa.Text()), nullable=False, comment="[{titel, tekst}] in order"
        ),
        sa.Column("bron", sa.Text(), nullable=True),
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("versie", sa.Integer(), nullable=False),
        sa.Column("tenant", sa.String(length=6), nullable=False, comment="CBS code of the municipality (GM####)"),
        sa.Column("created_at", sa.DateTime(timezone=True), server_default=sa.text("now()"), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), server_default=sa.text("now()"), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_rapporttekst")),
        sa.UniqueConstraint("tenant", "periode", "hoofdstuk", name=op.f("uq_rapporttekst_tenant_periode_hoofdstuk")),
        schema="sporen",
    )
    op.create_index(op.f("ix_rapporttekst_tenant"), "rapporttekst", ["tenant"], unique=False, schema="sporen")


def downgrade() -> None:
    op.drop_index(op.f("ix_rapporttekst_tenant"), table_name="rapporttekst", schema="sporen")
    op.drop_table("rapporttekst", schema="sporen")
    for column in ("onderdelen", *VOORTGANG):
        op.drop_column("voortgang", column, schema="sporen")
