"""The municipality's register of areas (CBS wijken en buurten, per year, with local keys).

Revision ID: 0005
Revises: 0004
"""

import sqlalchemy as sa
from alembic import op

revision = "0005"
down_revision = "0004"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "gebied",
        sa.Column("tenant", sa.String(length=6), nullable=False),
        sa.Column("code", sa.String(length=10), nullable=False, comment="CBS code: GM…, WK…, BU…"),
        sa.Column("geldig_van", sa.Integer(), nullable=False, comment="First year of this register row"),
        sa.Column("geldig_tot", sa.Integer(), nullable=True, comment="Last year (null: still valid)"),
        sa.Column("naam", sa.String(length=200), nullable=True),
        sa.Column("soort", sa.String(length=10), nullable=False, comment="gemeente / wijk / buurt"),
        sa.Column("wijk", sa.String(length=10), nullable=True, comment="The wijk of a buurt (its CBS code)"),
        sa.Column(
            "sleutel", sa.String(length=40), nullable=True, comment="The municipality's own key (monitor exports)"
        ),
        sa.PrimaryKeyConstraint("tenant", "code", "geldig_van", name=op.f("pk_gebied")),
        schema="indicatoren",
    )


def downgrade() -> None:
    op.drop_table("gebied", schema="indicatoren")
