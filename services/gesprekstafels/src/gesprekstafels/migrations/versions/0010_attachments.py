"""Attachments (issue 27, item 7): documents on applications, reports and decisions, described apart from their bytes.

Revision ID: 0010
Revises: 0009
"""

import sqlalchemy as sa
from alembic import op

revision = "0010"
down_revision = "0009"
branch_labels = None
depends_on = None
S = "gesprekstafels"
TENANT = "CBS code of the municipality (GM####)"


def upgrade() -> None:
    op.create_table(
        "bijlage",
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("aanvraag_id", sa.Uuid(), nullable=False),
        sa.Column("onderwerp", sa.String(length=16), nullable=False, comment="aanvraag / verantwoording / besluit"),
        sa.Column("besluit_id", sa.Uuid(), nullable=True),
        sa.Column(
            "partner", sa.String(length=200), nullable=False, comment="The application's partner (who may see it)"
        ),
        sa.Column(
            "soort", sa.String(length=60), nullable=True, comment="e.g. begroting, jaarrekening, accountantsverklaring"
        ),
        sa.Column("bestandsnaam", sa.String(length=200), nullable=False),
        sa.Column(
            "mediatype", sa.String(length=120), nullable=False, comment="Read from the content, not from the name"
        ),
        sa.Column("grootte", sa.BigInteger(), nullable=False, comment="Bytes"),
        sa.Column("sha256", sa.String(length=64), nullable=False, comment="Hex digest of the content"),
        sa.Column("door", sa.String(length=200), nullable=False, comment="gemeente or the partner"),
        sa.Column("toegevoegd_op", sa.DateTime(timezone=True), server_default=sa.text("now()"), nullable=False),
        sa.Column("tenant", sa.String(length=6), nullable=False, comment=TENANT),
        sa.ForeignKeyConstraint(
            ["aanvraag_id"], ["gesprekstafels.aanvraag.id"], name=op.f("fk_bijlage_aanvraag_id_aanvraag")
        ),
        sa.ForeignKeyConstraint(
            ["besluit_id"], ["gesprekstafels.besluit.id"], name=op.f("fk_bijlage_besluit_id_besluit")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_bijlage")),
        schema=S,
    )
    op.create_index(op.f("ix_bijlage_tenant"), "bijlage", ["tenant"], unique=False, schema=S)
    op.create_index("ix_bijlage_tenant_aanvraag_id", "bijlage", ["tenant", "aanvraag_id"], unique=False, schema=S)
    op.create_table(
        "bijlage_inhoud",
        sa.Column("bijlage_id", sa.Uuid(), nullable=False),
        sa.Column("inhoud", sa.LargeBinary(), nullable=False),
        sa.Column("tenant", sa.String(length=6), nullable=False, comment=TENANT),
        sa.ForeignKeyConstraint(
            ["bijlage_id"],
            ["gesprekstafels.bijlage.id"],
            name=op.f("fk_bijlage_inhoud_bijlage_id_bijlage"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("bijlage_id", name=op.f("pk_bijlage_inhoud")),
        schema=S,
    )
    op.create_index(op.f("ix_bijlage_inhoud_tenant"), "bijlage_inhoud", ["tenant"], unique=False, schema=S)


def downgrade() -> None:
    op.drop_index(op.f("ix_bijlage_inhoud_tenant"), table_name="bijlage_inhoud", schema=S)
    op.drop_table("bijlage_inhoud", schema=S)
    op.drop_index("ix_bijlage_tenant_aanvraag_id", table_name="bijlage", schema=S)
    op.drop_index(op.f("ix_bijlage_tenant"), table_name="bijlage", schema=S)
    op.drop_table("bijlage", schema=S)
