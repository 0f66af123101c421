"""Measurements for bulk uploads: no foreign key per row, and a version key that leads with the municipality.

- The foreign key's trigger cost half of every insert of a bulk upload (a lookup and a row lock per measurement); the
  merge joins the indicator table itself and locks the batch's indicators FOR KEY SHARE once (`ingest._MERGE`),
  which keeps the same guarantee.
- The version key becomes (tenant, indicator, area, period, version): it leads with the municipality, as every
  index of a multi-tenant table should, and in the same order as the index of current values, so the merge's sorted
  inserts walk both B-trees in step instead of two orders at once.

Revision ID: 0006
Revises: 0005
"""

from alembic import op

revision = "0006"
down_revision = "0005"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.drop_constraint("fk_meting_indicator_id_indicator", "meting", schema="indicatoren", type_="foreignkey")
    op.drop_constraint("uq_meting_indicator_id_periode_gebied_versie", "meting", schema="indicatoren", type_="unique")
    op.create_unique_constraint(
        "uq_meting_tenant_indicator_id_gebied_periode_versie",
        "meting",
        ["tenant", "indicator_id", "gebied", "periode", "versie"],
        schema="indicatoren",
    )


def downgrade() -> None:
    op.drop_constraint("uq_meting_tenant_indicator_id_gebied_periode_versie", "meting", schema="indicatoren")
    op.create_unique_constraint(
        "uq_meting_indicator_id_periode_gebied_versie",
        "meting",
        ["indicator_id", "periode", "gebied", "versie"],
        schema="indicatoren",
    )
    op.create_foreign_key(
        "fk_meting_indicator_id_indicator",
        "meting",
        "indicator",
        ["indicator_id"],
        ["id"],
        source_schema="indicatoren",
        referent_schema="indicatoren",
    )
