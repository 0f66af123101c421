"""CBS StatLine tables as they come (issue 32, item 3): a table's measure mapped to an indicator once, and
provisional figures marked as such (replaced by a new version when the definitive ones come).

Revision ID: 0011
Revises: 0010
"""

import sqlalchemy as sa
from alembic import op
from sqlalchemy import Text
from sqlalchemy.dialects import postgresql

revision = "0011"
down_revision = "0010"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.add_column(
        "meting",
        sa.Column(
            "voorlopig",
            sa.Boolean(),
            server_default=sa.text("false"),
            nullable=False,
            comment="A provisional figure (CBS: Voorlopig)",
        ),
        schema="indicatoren",
    )
    op.create_table(
        "statline_koppeling",
        sa.Column("tabel", sa.String(length=20), nullable=False, comment="CBS table id, e.g. 83262NED"),
        sa.Column("indicator_id", sa.Uuid(), nullable=False),
        sa.Column(
            "onderwerp",
            sa.String(length=100),
            nullable=False,
            comment="The measure's key (DataProperties), WmoClienten_1",
        ),
        sa.Column(
            "dimensies",
            postgresql.JSONB(astext_type=Text()),
            nullable=False,
            comment="Dimension key -> the category key taken",
        ),
        sa.Column("vastgelegd_op", sa.DateTime(timezone=True), server_default=sa.text("now()"), nullable=False),
        sa.Column(
            "laatste_import",
            postgresql.JSONB(astext_type=Text()),
            nullable=True,
            comment="The counts of the last import",
        ),
        sa.Column("tenant", sa.String(length=6), nullable=False, comment="CBS code of the municipality (GM####)"),
        sa.ForeignKeyConstraint(
            ["indicator_id"], ["indicatoren.indicator.id"], name=op.f("fk_statline_koppeling_indicator_id_indicator")
        ),
        sa.PrimaryKeyConstraint("tabel", "indicator_id", name=op.f("pk_statline_koppeling")),
        schema="indicatoren",
    )
    op.create_index(
        op.f("ix_statline_koppeling_tenant"), "statline_koppeling", ["tenant"], unique=False, schema="indicatoren"
    )


def downgrade() -> None:
    op.drop_index(op.f("ix_statline_koppeling_tenant"), table_name="statline_koppeling", schema="indicatoren")
    op.drop_table("statline_koppeling", schema="indicatoren")
    op.drop_column("meting", "voorlopig", schema="indicatoren")
