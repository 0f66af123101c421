"""Bank accounts (issue 27, item 5): the municipality's own and each partner's, for the SEPA payment file.

Revision ID: 0009
Revises: 0008
"""

import sqlalchemy as sa
from alembic import op

revision = "0009"
down_revision = "0008"
branch_labels = None
depends_on = None
S = "gesprekstafels"


def upgrade() -> None:
    op.create_table(
        "rekening",
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("houder", sa.String(length=200), nullable=False, comment="gemeente, or the partner's name"),
        sa.Column("iban", sa.String(length=34), nullable=False, comment="Compact, upper case, checked"),
        sa.Column("bic", sa.String(length=11), nullable=True),
        sa.Column(
            "tenaamstelling", sa.String(length=70), nullable=False, comment="The holder's name as the bank knows it"
        ),
        sa.Column("versie", sa.Integer(), nullable=False),
        sa.Column("tenant", sa.String(length=6), nullable=False, comment="CBS code of the municipality (GM####)"),
        sa.Column("created_at", sa.DateTime(timezone=True), server_default=sa.text("now()"), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), server_default=sa.text("now()"), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_rekening")),
        sa.UniqueConstraint("tenant", "houder", name=op.f("uq_rekening_tenant_houder")),
        schema=S,
    )
    op.create_index(op.f("ix_rekening_tenant"), "rekening", ["tenant"], unique=False, schema=S)


def downgrade() -> None:
    op.drop_index(op.f("ix_rekening_tenant"), table_name="rekening", schema=S)
    op.drop_table("rekening", schema=S)
