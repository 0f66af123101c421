"""Bulk ingest in one pass (issue 33, item 4): `indicatoren.weiger(line)` stops the one-statement merge at the first
row that is not good, so that the batch goes the thorough way (which names every bad row) before anything is kept.

Revision ID: 0012
Revises: 0011
"""

from alembic import op

revision = "0012"
down_revision = "0011"
branch_labels = None
depends_on = None


def upgrade() -> None:
    # VOLATILE: never folded or evaluated ahead of the CASE that guards it.
    op.execute(
        """
        CREATE FUNCTION indicatoren.weiger(line integer) RETURNS boolean
        LANGUAGE plpgsql VOLATILE AS $$
        BEGIN
            RAISE EXCEPTION 'line % of the batch needs the thorough check', line USING ERRCODE = 'SC422';
        END
        $$
        """
    )


def downgrade() -> None:
    op.execute("DROP FUNCTION indicatoren.weiger(integer)")
