"""An area's outline (issue 32, item 1): the register keeps the GeoJSON geometry of CBS's Wijk- en buurtkaart.

Revision ID: 0010
Revises: 0009
"""

import sqlalchemy as sa
from alembic import op
from sqlalchemy import Text
from sqlalchemy.dialects import postgresql

revision = "0010"
down_revision = "0009"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.add_column(
        "gebied",
        sa.Column(
            "omtrek",
            postgresql.JSONB(astext_type=Text()),
            nullable=True,
            comment="The outline as a GeoJSON geometry (WGS84 lon/lat), from CBS's Wijk- en buurtkaart",
        ),
        schema="indicatoren",
    )


def downgrade() -> None:
    op.drop_column("gebied", "omtrek", schema="indicatoren")
