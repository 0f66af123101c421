"""What an indicator's values count, over time (issue 25): a value belongs to the definition in force for its period,
and values of different definitions are never joined into one course.

Revision ID: 0008
Revises: 0007
"""

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects import postgresql

revision = "0008"
down_revision = "0007"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.add_column(
        "indicator",
        sa.Column(
            "definities",
            postgresql.JSONB(astext_type=sa.Text()),
            nullable=False,
            server_default="[]",
            comment="What its values count over time: [{vanaf, omschrijving, bron}], oldest first",
        ),
        schema="indicatoren",
    )
    op.alter_column("indicator", "definities", server_default=None, schema="indicatoren")


def downgrade() -> None:
    op.drop_column("indicator", "definities", schema="indicatoren")
