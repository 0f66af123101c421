"""What a grant's payment ledger paid out and reclaimed, counted under its reservation (and so under its ceiling);
the SiSa regulation code a ceiling's grants fall under.

Revision ID: 0008
Revises: 0007
"""

import sqlalchemy as sa
from alembic import op

revision = "0008"
down_revision = "0007"
branch_labels = None
depends_on = None
SCHEMA = "financien"


def upgrade() -> None:
    op.add_column(
        "reservering",
        sa.Column(
            "betaald_cent",
            sa.BigInteger(),
            server_default="0",
            nullable=False,
            comment="Paid to the partner (advances, final payment)",
        ),
        schema=SCHEMA,
    )
    op.add_column(
        "reservering",
        sa.Column(
            "teruggevorderd_cent",
            sa.BigInteger(),
            server_default="0",
            nullable=False,
            comment="Reclaimed from the partner (decided, not cancelled)",
        ),
        schema=SCHEMA,
    )
    op.add_column(
        "subsidieplafond",
        sa.Column(
            "sisa_code", sa.String(length=20), nullable=True, comment="SiSa regulation code of the grants under it"
        ),
        schema=SCHEMA,
    )


def downgrade() -> None:
    op.drop_column("subsidieplafond", "sisa_code", schema=SCHEMA)
    op.drop_column("reservering", "teruggevorderd_cent", schema=SCHEMA)
    op.drop_column("reservering", "betaald_cent", schema=SCHEMA)
