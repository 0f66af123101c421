"""The audit trail of every write and the idempotency records (stuurcyclus_common.writes).

Revision ID: 0004
Revises: 0003
"""

from alembic import op
from stuurcyclus_common.migrations import create_write_tables_v1

revision = "0004"
down_revision = "0003"
branch_labels = None
depends_on = None
SCHEMA = "indicatoren"


def upgrade() -> None:
    create_write_tables_v1(op.get_bind(), SCHEMA)


def downgrade() -> None:
    op.drop_table("idempotentie", schema=SCHEMA)
    op.drop_table("audittrail", schema=SCHEMA)
    op.execute(f"DROP FUNCTION {SCHEMA}.audittrail_append_only()")
