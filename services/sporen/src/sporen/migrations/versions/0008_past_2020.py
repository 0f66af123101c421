"""Past 2020 (issue 31): measures of programmes (`maatregel`), the register of developments (`ontwikkeling`),
lessons and results (`les`), a track's state per period (`spoorstand`), and an indicator series' prognoses.

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

S = "sporen"


def _jsonb(name: str, comment: str | None = None, nullable: bool = False) -> sa.Column:
    return sa.Column(name, postgresql.JSONB(astext_type=sa.Text()), nullable=nullable, comment=comment)


def _versioned(table: str) -> list:
    return [
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("versie", sa.Integer(), nullable=False),
        sa.Column("tenant", sa.String(length=6), nullable=False, comment="CBS code of the municipality (GM####)"),
        sa.Column("created_at", sa.DateTime(timezone=True), server_default=sa.text("now()"), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), server_default=sa.text("now()"), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f(f"pk_{table}")),
    ]


def upgrade() -> None:
    op.add_column(
        "indicator_reeks",
        sa.Column(
            "prognoses",
            postgresql.JSONB(astext_type=sa.Text()),
            nullable=False,
            server_default="[]",
            comment="[{periode, waarde, scenario, bron}]",
        ),
        schema=S,
    )
    op.alter_column("indicator_reeks", "prognoses", server_default=None, schema=S)
    op.add_column(
        "risico_revisie", sa.Column("kans", sa.Integer(), nullable=True, comment="Likelihood 1-5, if judged"), schema=S
    )
    op.add_column(
        "risico_revisie", sa.Column("impact", sa.Integer(), nullable=True, comment="Impact 1-5, if judged"), schema=S
    )
    op.add_column(
        "risico_revisie",
        sa.Column(
            "beheersmaatregelen",
            postgresql.JSONB(astext_type=sa.Text()),
            nullable=False,
            server_default="[]",
            comment="How the risk is mitigated",
        ),
        schema=S,
    )
    op.alter_column("risico_revisie", "beheersmaatregelen", server_default=None, schema=S)
    op.add_column(
        "risico_revisie",
        sa.Column("eigenaar", sa.String(length=200), nullable=True, comment="Who owns the risk"),
        schema=S,
    )
    op.create_table(
        "maatregel",
        sa.Column("code", sa.String(length=20), nullable=False, comment="The programme's own code, e.g. W4"),
        sa.Column("naam", sa.String(length=200), nullable=False),
        sa.Column("programma", sa.String(length=200), nullable=False, comment="The programme it is a measure of"),
        sa.Column("scenario", sa.String(length=100), nullable=True),
        sa.Column("beoogd_effect", sa.Text(), nullable=True),
        _jsonb("sporen", "Numbers of the tracks it serves"),
        _jsonb("ambities", "Numbers of the ambitions it serves"),
        _jsonb("fasen", "[{naam, van, tot, status, stappen: [...]}]"),
        _jsonb("besparingsprognose", "[{jaar, bedragCent, besparingslijn}]"),
        _jsonb("kosten", "[{jaar, bedragCent, omschrijving, dekking}]"),
        _jsonb("risicos", "[{titel, toelichting, beheersmaatregel}]"),
        _jsonb("participatie", "[{vorm, wanneer, toelichting}]"),
        _jsonb("vergelijkbare_gemeenten"),
        sa.Column("besluit", sa.Text(), nullable=True, comment="What the council decided"),
        _jsonb("uitkomst", "{soort, spoor, besluit, datum, toelichting}", nullable=True),
        sa.Column("bron", sa.Text(), nullable=True),
        *_versioned("maatregel"),
        sa.UniqueConstraint("tenant", "code", name=op.f("uq_maatregel_tenant_code")),
        schema=S,
    )
    op.create_index(op.f("ix_maatregel_tenant"), "maatregel", ["tenant"], unique=False, schema=S)
    op.create_table(
        "ontwikkeling",
        sa.Column("soort", sa.String(length=20), nullable=False),
        sa.Column("titel", sa.String(length=200), nullable=False),
        sa.Column("omschrijving", sa.Text(), nullable=False),
        sa.Column("verwacht_effect", sa.Text(), nullable=True),
        sa.Column("aangekondigd_op", sa.Date(), nullable=True),
        sa.Column("in_werking_op", sa.Date(), nullable=True),
        sa.Column(
            "periode",
            sa.String(length=6),
            nullable=False,
            comment="When it was recorded (entered the report), e.g. 2023S2",
        ),
        _jsonb("sporen"),
        _jsonb("indicatoren"),
        sa.Column(
            "richting", sa.String(length=20), nullable=True, comment="toename/afname of what it touches, if said"
        ),
        sa.Column("bron", sa.Text(), nullable=False),
        *_versioned("ontwikkeling"),
        schema=S,
    )
    op.create_index(op.f("ix_ontwikkeling_tenant"), "ontwikkeling", ["tenant"], unique=False, schema=S)
    op.create_table(
        "les",
        sa.Column("soort", sa.String(length=20), nullable=False, comment="les or resultaat"),
        sa.Column("periode", sa.String(length=6), nullable=False),
        sa.Column("titel", sa.String(length=200), nullable=False),
        sa.Column("tekst", sa.Text(), nullable=False),
        _jsonb("geleerd_bij", "Where it was learned (pilots, teams)"),
        sa.Column("wat_verandert", sa.Text(), nullable=True),
        sa.Column("beweging", sa.String(length=1), nullable=True),
        sa.Column("spoor", sa.Integer(), nullable=True),
        sa.Column("bron", sa.Text(), nullable=False),
        *_versioned("les"),
        schema=S,
    )
    op.create_index(op.f("ix_les_tenant"), "les", ["tenant"], unique=False, schema=S)
    op.create_table(
        "spoorstand",
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("spoor_id", sa.Uuid(), nullable=False),
        sa.Column("periode", sa.String(length=6), nullable=False),
        sa.Column("status", sa.String(length=20), nullable=False),
        sa.Column("omschrijving", sa.Text(), nullable=True, comment="The scope as it stands now"),
        sa.Column("datum", sa.Date(), nullable=True),
        sa.Column("bron", sa.Text(), nullable=False),
        sa.Column("vastgelegd_op", sa.DateTime(timezone=True), server_default=sa.text("now()"), nullable=False),
        sa.Column("tenant", sa.String(length=6), nullable=False, comment="CBS code of the municipality (GM####)"),
        sa.ForeignKeyConstraint(["spoor_id"], ["sporen.spoor.id"], name=op.f("fk_spoorstand_spoor_id_spoor")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_spoorstand")),
        sa.UniqueConstraint("tenant", "spoor_id", "periode", name=op.f("uq_spoorstand_tenant_spoor_id_periode")),
        schema=S,
    )
    op.create_index("ix_spoorstand_tenant_spoor_id", "spoorstand", ["tenant", "spoor_id"], unique=False, schema=S)
    op.create_index(op.f("ix_spoorstand_tenant"), "spoorstand", ["tenant"], unique=False, schema=S)


def downgrade() -> None:
    for table in ("spoorstand", "les", "ontwikkeling", "maatregel"):
        op.drop_table(table, schema=S)
    op.drop_column("indicator_reeks", "prognoses", schema=S)
    for column in ("kans", "impact", "beheersmaatregelen", "eigenaar"):
        op.drop_column("risico_revisie", column, schema=S)
