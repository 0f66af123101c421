"""Initial: outbox/inbox and the spoor table.

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
SCHEMA = "sporen"


def upgrade() -> None:
    create_event_tables_v1(op.get_bind(), SCHEMA)
    op.create_table(
        "spoor",
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("tenant", sa.String(6), nullable=False, comment="CBS code of the municipality (GM####)"),
        sa.Column("nummer", sa.Integer(), nullable=False),
        sa.Column("naam", sa.String(200), nullable=False),
        sa.Column("omschrijving", sa.Text(), nullable=True),
        sa.Column("status", sa.String(30), nullable=False),
        sa.Column("versie", sa.Integer(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), server_default=sa.func.now(), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), server_default=sa.func.now(), nullable=False),
        sa.PrimaryKeyConstraint("id", name="pk_spoor"),
        sa.UniqueConstraint("tenant", "nummer", name="uq_spoor_tenant_nummer"),
        schema=SCHEMA,
    )
    op.create_index("ix_spoor_tenant", "spoor", ["tenant"], schema=SCHEMA)


def downgrade() -> None:
    op.drop_table("spoor", schema=SCHEMA)
    op.drop_table("inbox", schema=SCHEMA)
    op.drop_table("outbox", schema=SCHEMA)
