"""Initial: the outbox and inbox tables, the audit trail and idempotency records.

Revision ID: 0001
Revises:
"""

from alembic import op
from stuurcyclus_common.migrations import create_event_tables_v1, create_write_tables_v1

revision = "0001"
down_revision = None
branch_labels = None
depends_on = None
SCHEMA = "notificaties"


def upgrade() -> None:
    create_event_tables_v1(op.get_bind(), SCHEMA)
    create_write_tables_v1(op.get_bind(), SCHEMA)


def downgrade() -> None:
    for table in ("idempotentie", "audittrail", "inbox", "outbox"):
        op.drop_table(table, schema=SCHEMA)
    op.execute(f"DROP FUNCTION {SCHEMA}.audittrail_append_only()")
