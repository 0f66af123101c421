"""The subsidies a municipality already has (issue 32, item 4): its published subsidy register, one row per dossier
and subsidy year.

Revision ID: 0012
Revises: 0011
"""

import sqlalchemy as sa
from alembic import op

revision = "0012"
down_revision = "0011"
branch_labels = None
depends_on = None
S = "gesprekstafels"


def upgrade() -> None:
    op.create_table(
        "bestaande_subsidie",
        sa.Column("tenant", sa.String(length=6), nullable=False, comment="CBS code of the municipality (GM####)"),
        sa.Column("dossiernummer", sa.String(length=40), nullable=False),
        sa.Column("jaar", sa.Integer(), nullable=False, comment="The subsidy year"),
        sa.Column("aanvrager", sa.String(length=300), nullable=True, comment="As the register names it"),
        sa.Column(
            "aanvrager_sleutel", sa.String(length=300), nullable=False, comment="The name as a key to match partners"
        ),
        sa.Column(
            "particulier", sa.Boolean(), nullable=False, comment="A private person: never shown by name outside staff"
        ),
        sa.Column("regeling", sa.String(length=300), nullable=False),
        sa.Column("beleidsterrein", sa.String(length=200), nullable=True),
        sa.Column("organisatieonderdeel", sa.String(length=200), nullable=True),
        sa.Column("projectnaam", sa.String(length=500), nullable=True),
        sa.Column("periodiciteit", sa.String(length=10), nullable=True, comment="eenmalig / periodiek"),
        sa.Column("aangevraagd_cent", sa.BigInteger(), nullable=True),
        sa.Column("verleend_cent", sa.BigInteger(), nullable=True),
        sa.Column("vastgesteld_cent", sa.BigInteger(), nullable=True),
        sa.Column("overzicht_op", sa.Date(), nullable=True, comment="The register export's date"),
        sa.Column("ingelezen_op", sa.DateTime(timezone=True), server_default=sa.text("now()"), nullable=False),
        sa.PrimaryKeyConstraint("tenant", "dossiernummer", "jaar", name=op.f("pk_bestaande_subsidie")),
        schema=S,
    )
    op.create_index(
        "ix_bestaande_subsidie_tenant_sleutel", "bestaande_subsidie", ["tenant", "aanvrager_sleutel"], schema=S
    )
    op.create_index("ix_bestaande_subsidie_tenant_jaar", "bestaande_subsidie", ["tenant", "jaar"], schema=S)


def downgrade() -> None:
    op.drop_index("ix_bestaande_subsidie_tenant_jaar", table_name="bestaande_subsidie", schema=S)
    op.drop_index("ix_bestaande_subsidie_tenant_sleutel", table_name="bestaande_subsidie", schema=S)
    op.drop_table("bestaande_subsidie", schema=S)
