"""Accountability in proportion to the money (issue 27, item 10): a call's tiers by amount, and on each grant the form
of account it owes and the sample's draw.

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
S = "gesprekstafels"


def upgrade() -> None:
    op.add_column(
        "uitvraag",
        sa.Column(
            "verantwoordingsregime",
            postgresql.JSONB(astext_type=Text()),
            nullable=True,
            comment="Tiers of accountability by amount: [{totEnMetCent, vorm, steekproefPercentage}]",
        ),
        schema=S,
    )
    op.add_column(
        "besluit",
        sa.Column(
            "verantwoordingsvorm",
            sa.String(length=30),
            nullable=True,
            comment="geen / activiteitenverslag / financieel-verslag (grants; see verantwoording/regime.py)",
        ),
        schema=S,
    )
    op.add_column(
        "besluit",
        sa.Column(
            "steekproef",
            postgresql.JSONB(astext_type=Text()),
            nullable=True,
            comment="The sample's draw, where the tier samples: {percentage, getrokken, zaad, sha256}",
        ),
        schema=S,
    )


def downgrade() -> None:
    op.drop_column("besluit", "steekproef", schema=S)
    op.drop_column("besluit", "verantwoordingsvorm", schema=S)
    op.drop_column("uitvraag", "verantwoordingsregime", schema=S)
