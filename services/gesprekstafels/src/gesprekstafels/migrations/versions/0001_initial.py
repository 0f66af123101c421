"""Initial: the outbox and inbox tables.

Revision ID: 0001
Revises:
"""

from alembic import op
from stuurcyclus_common.migrations import create_event_tables_v1

revision = "0001"
down_revision = None
branch_labels = None
depends_on = None
SCHEMA = "gesprekstafels"


def upgrade() -> None:
    create_event_tables_v1(op.get_bind(), SCHEMA)


def downgrade() -> None:
    op.drop_table("inbox", schema=SCHEMA)
    op.drop_table("outbox", schema=SCHEMA)
