"""Versions of snapshot events (stuurcyclus_common.snapshots): a counter per municipality and kind of snapshot.

Revision ID: 0003
Revises: 0002
"""

from alembic import op
from stuurcyclus_common.migrations import create_snapshot_version_table_v1

revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None
SCHEMA = "indicatoren"


def upgrade() -> None:
    create_snapshot_version_table_v1(op.get_bind(), SCHEMA)


def downgrade() -> None:
    op.drop_table("snapshot_versie", schema=SCHEMA)
