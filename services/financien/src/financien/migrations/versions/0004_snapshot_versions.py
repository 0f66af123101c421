"""Versions of snapshot events (stuurcyclus_common.snapshots): a counter per municipality and kind of snapshot.

Revision ID: 0004
Revises: 0003
"""

from alembic import op
from stuurcyclus_common.migrations import create_snapshot_version_table_v1

revision = "0004"
down_revision = "0003"
branch_labels = None
depends_on = None
SCHEMA = "financien"


def upgrade() -> None:
    create_snapshot_version_table_v1(op.get_bind(), SCHEMA)


def downgrade() -> None:
    op.drop_table("snapshot_versie", schema=SCHEMA)
