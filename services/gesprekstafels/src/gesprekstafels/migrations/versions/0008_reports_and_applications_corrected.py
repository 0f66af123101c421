"""Correction (issue 27): an accountability report has versions and states (replaced, returned for revision,
withdrawn, assessed) with every version kept, and what indicatoren made of its values; an application returned for
revision may be submitted again until the day staff gave.

Revision ID: 0008
Revises: 0007
"""

import sqlalchemy as sa
from alembic import op
from sqlalchemy import Text
from sqlalchemy.dialects import postgresql

revision = "0008"
down_revision = "0007"
branch_labels = None
depends_on = None
S = "gesprekstafels"


def upgrade() -> None:
    op.add_column(
        "verantwoording",
        sa.Column(
            "status",
            sa.String(length=20),
            server_default="ingediend",
            nullable=False,
            comment="See verantwoording/statuses.py",
        ),
        schema=S,
    )
    op.add_column(
        "verantwoording", sa.Column("versie", sa.Integer(), server_default=sa.text("1"), nullable=False), schema=S
    )
    op.add_column(
        "verantwoording",
        sa.Column(
            "metingen",
            sa.String(length=20),
            nullable=True,
            comment="What indicatoren made of the values: in_behandeling / vastgelegd / geweigerd",
        ),
        schema=S,
    )
    op.add_column(
        "verantwoording",
        sa.Column(
            "weigeringen",
            postgresql.JSONB(astext_type=Text()),
            server_default=sa.text("'[]'::jsonb"),
            nullable=False,
            comment="[{veld, reden}] when indicatoren refused",
        ),
        schema=S,
    )
    op.add_column(
        "verantwoording",
        sa.Column("reden", sa.Text(), nullable=True, comment="Why it was returned or withdrawn"),
        schema=S,
    )
    op.add_column(
        "verantwoording",
        sa.Column("uiterlijk", sa.Date(), nullable=True, comment="A new deadline given when it was returned"),
        schema=S,
    )
    # Reports already in: their values were sent before answers existed; say so rather than guess.
    op.execute(
        "UPDATE gesprekstafels.verantwoording SET metingen = 'vastgelegd' "
        "WHERE jsonb_array_length(indicatorwaarden) > 0"
    )
    op.add_column(
        "aanvraag",
        sa.Column(
            "herstel_uiterlijk",
            sa.Date(),
            nullable=True,
            comment="Returned for revision: may be submitted again until this day (Europe/Amsterdam)",
        ),
        schema=S,
    )
    op.create_table(
        "verantwoording_versie",
        sa.Column("id", sa.BigInteger(), autoincrement=True, nullable=False),
        sa.Column("verantwoording_id", sa.Uuid(), nullable=False),
        sa.Column("versie", sa.Integer(), nullable=False),
        sa.Column("status", sa.String(length=20), nullable=False),
        sa.Column(
            "inhoud",
            postgresql.JSONB(astext_type=Text()),
            nullable=False,
            comment="The report as it read in this version",
        ),
        sa.Column("door", sa.String(length=200), nullable=False, comment="gemeente or the partner"),
        sa.Column("reden", sa.Text(), nullable=True),
        sa.Column("op", sa.DateTime(timezone=True), server_default=sa.text("now()"), nullable=False),
        sa.Column("tenant", sa.String(length=6), nullable=False, comment="CBS code of the municipality (GM####)"),
        sa.ForeignKeyConstraint(
            ["verantwoording_id"],
            ["gesprekstafels.verantwoording.id"],
            name=op.f("fk_verantwoording_versie_verantwoording_id_verantwoording"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_verantwoording_versie")),
        schema=S,
    )
    op.create_index(
        op.f("ix_verantwoording_versie_tenant"), "verantwoording_versie", ["tenant"], unique=False, schema=S
    )
    op.create_index(
        "ix_verantwoording_versie_tenant_verantwoording_id",
        "verantwoording_versie",
        ["tenant", "verantwoording_id"],
        unique=False,
        schema=S,
    )
    # The reports already in: their first version, as they read.
    op.execute(
        """INSERT INTO gesprekstafels.verantwoording_versie
               (verantwoording_id, versie, status, inhoud, door, op, tenant)
           SELECT id, 1, 'ingediend',
                  jsonb_build_object('activiteiten', activiteiten, 'besteedCent', besteed_cent,
                                     'indicatorwaarden', indicatorwaarden, 'toelichting', toelichting),
                  partner, ingediend_op, tenant
           FROM gesprekstafels.verantwoording"""
    )


def downgrade() -> None:
    op.drop_index("ix_verantwoording_versie_tenant_verantwoording_id", table_name="verantwoording_versie", schema=S)
    op.drop_index(op.f("ix_verantwoording_versie_tenant"), table_name="verantwoording_versie", schema=S)
    op.drop_table("verantwoording_versie", schema=S)
    op.drop_column("aanvraag", "herstel_uiterlijk", schema=S)
    for column in ("uiterlijk", "reden", "weigeringen", "metingen", "versie", "status"):
        op.drop_column("verantwoording", column, schema=S)
