"""Initial: outbox/inbox and the read model of tracks.

Revision ID: 0001
Revises:
"""

import sqlalchemy as sa
from alembic import op
from stuurcyclus_common.migrations import create_event_tables_v1

revision = "0001"
down_revision = None
branch_labels = None
depends_on = None
SCHEMA = "indicatoren"


def upgrade() -> None:
    create_event_tables_v1(op.get_bind(), SCHEMA)
    op.create_table(
        "spoor_referentie",
        sa.Column("spoor_id", sa.Uuid(), nullable=False),
        sa.Column("tenant", sa.String(6), nullable=False, comment="CBS code of the municipality (GM####)"),
        sa.Column("nummer", sa.Integer(), nullable=False),
        sa.Column("naam", sa.String(200), nullable=False),
        sa.Column("status", sa.String(30), nullable=False),
        sa.Column("versie", sa.Integer(), nullable=False, comment="Version of the thing this row reflects"),
        sa.Column(
            "events_applied",
            sa.Integer(),
            nullable=False,
            comment="Number of events applied to this row (each exactly once)",
        ),
        sa.Column("bijgewerkt_op", sa.DateTime(timezone=True), server_default=sa.func.now(), nullable=False),
        sa.PrimaryKeyConstraint("spoor_id", name="pk_spoor_referentie"),
        schema=SCHEMA,
    )
    op.create_index("ix_spoor_referentie_tenant", "spoor_referentie", ["tenant"], schema=SCHEMA)


def downgrade() -> None:
    op.drop_table("spoor_referentie", schema=SCHEMA)
    op.drop_table("inbox", schema=SCHEMA)
    op.drop_table("outbox", schema=SCHEMA)
