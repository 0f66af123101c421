"""Savings that are true (issue 25): a realisation belongs to a track (and a line where the source names one), may
leave its kind open where the source does, and says where it comes from; the savings frame has a history of versions.

Revision ID: 0009
Revises: 0008
"""

import sqlalchemy as sa
from alembic import op

revision = "0009"
down_revision = "0008"
branch_labels = None
depends_on = None
SCHEMA = "financien"


def upgrade() -> None:
    op.add_column(
        "realisatie",
        sa.Column("spoor_nummer", sa.Integer(), nullable=True, comment="The track the saving belongs to"),
        schema=SCHEMA,
    )
    op.add_column(
        "realisatie", sa.Column("bron", sa.Text(), nullable=True, comment="Where the figure comes from"), schema=SCHEMA
    )
    op.execute(
        "UPDATE financien.realisatie r SET spoor_nummer = l.spoor_nummer "
        "FROM financien.besparingslijn l WHERE l.id = r.lijn_id"
    )
    op.alter_column(
        "realisatie",
        "lijn_id",
        nullable=True,
        comment="The line, where the source names one; else only the track",
        schema=SCHEMA,
    )
    op.alter_column(
        "realisatie",
        "jaar",
        comment="The year it was realised (before the frame: before its first)",
        existing_type=sa.Integer(),
        schema=SCHEMA,
    )
    op.alter_column(
        "realisatie",
        "soort",
        nullable=True,
        comment="structureel / incidenteel; null where the source does not say",
        existing_type=sa.String(length=12),
        existing_comment="structureel / incidenteel",
        schema=SCHEMA,
    )
    op.create_table(
        "besparingskader",
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("versie", sa.Integer(), nullable=False),
        sa.Column(
            "periode",
            sa.String(length=6),
            nullable=False,
            comment="When it was set: a year or half year, e.g. 2019, 2020S1",
        ),
        sa.Column("totaal_cent", sa.BigInteger(), nullable=False, comment="The frame's total savings"),
        sa.Column("doeljaar", sa.Integer(), nullable=True, comment="The year the total is to be reached, if stated"),
        sa.Column("reden", sa.Text(), nullable=False, comment="What the frame is, and why it changed"),
        sa.Column("bron", sa.Text(), nullable=False),
        sa.Column("geregistreerd_op", sa.DateTime(timezone=True), server_default=sa.text("now()"), nullable=False),
        sa.Column("tenant", sa.String(length=6), nullable=False, comment="CBS code of the municipality (GM####)"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_besparingskader")),
        sa.UniqueConstraint("tenant", "versie", name=op.f("uq_besparingskader_tenant_versie")),
        schema=SCHEMA,
    )
    op.create_index(op.f("ix_besparingskader_tenant"), "besparingskader", ["tenant"], unique=False, schema=SCHEMA)


def downgrade() -> None:
    op.drop_index(op.f("ix_besparingskader_tenant"), table_name="besparingskader", schema=SCHEMA)
    op.drop_table("besparingskader", schema=SCHEMA)
    op.execute("DELETE FROM financien.realisatie WHERE lijn_id IS NULL OR soort IS NULL")
    op.alter_column("realisatie", "soort", nullable=False, comment="structureel / incidenteel", schema=SCHEMA)
    op.alter_column("realisatie", "jaar", comment=None, existing_type=sa.Integer(), schema=SCHEMA)
    op.alter_column("realisatie", "lijn_id", nullable=False, comment=None, schema=SCHEMA)
    op.drop_column("realisatie", "bron", schema=SCHEMA)
    op.drop_column("realisatie", "spoor_nummer", schema=SCHEMA)
