"""After the grant: the payment schedule of a decision, the payment ledger, the mandate table and decisions waiting
for a second decider; a call's default schedule and SiSa code, and the ceiling's (read model); an applicant's KvK
number and confidentiality.

Revision ID: 0006
Revises: 0005
"""

import sqlalchemy as sa
from alembic import op
from sqlalchemy import Text
from sqlalchemy.dialects import postgresql

revision = "0006"
down_revision = "0005"
branch_labels = None
depends_on = None
SCHEMA = "gesprekstafels"


def upgrade() -> None:
    op.create_table(
        "mandaat",
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("rol", sa.String(length=30), nullable=True, comment="A role of the token (e.g. beleid)"),
        sa.Column("persoon", sa.String(length=200), nullable=True, comment="A person: the token's subject (sub)"),
        sa.Column("ambitie_id", sa.Uuid(), nullable=True, comment="Only for this ambition's grants (none: overall)"),
        sa.Column(
            "maximum_cent", sa.BigInteger(), nullable=True, comment="Largest amount decided alone; none: no limit"
        ),
        sa.Column("omschrijving", sa.String(length=200), nullable=True),
        sa.Column("versie", sa.Integer(), nullable=False),
        sa.Column("tenant", sa.String(length=6), nullable=False, comment="CBS code of the municipality (GM####)"),
        sa.Column("created_at", sa.DateTime(timezone=True), server_default=sa.text("now()"), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), server_default=sa.text("now()"), nullable=False),
        sa.CheckConstraint("(rol IS NULL) <> (persoon IS NULL)", name=op.f("ck_mandaat_rol_of_persoon")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_mandaat")),
        schema="gesprekstafels",
    )
    op.create_index(op.f("ix_mandaat_tenant"), "mandaat", ["tenant"], unique=False, schema="gesprekstafels")
    op.create_index(
        "ix_mandaat_tenant_rol_persoon", "mandaat", ["tenant", "rol", "persoon"], unique=False, schema="gesprekstafels"
    )
    op.create_table(
        "besluitvoorstel",
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("aanvraag_id", sa.Uuid(), nullable=False),
        sa.Column("soort", sa.String(length=12), nullable=False, comment="toekenning / vaststelling"),
        sa.Column("bedrag_cent", sa.BigInteger(), nullable=False),
        sa.Column(
            "gegevens",
            postgresql.JSONB(astext_type=Text()),
            nullable=False,
            comment="The decision as the first decider asked it (its body)",
        ),
        sa.Column(
            "eerste",
            postgresql.JSONB(astext_type=Text()),
            nullable=False,
            comment="{persoon, naam, rol, mandaatCent} of the first decider",
        ),
        sa.Column(
            "tweede", postgresql.JSONB(astext_type=Text()), nullable=True, comment="The second decider, once decided"
        ),
        sa.Column("status", sa.String(length=10), nullable=False, comment="wacht / besloten / afgewezen"),
        sa.Column("besluit_id", sa.Uuid(), nullable=True),
        sa.Column("reden", sa.Text(), nullable=True),
        sa.Column("versie", sa.Integer(), nullable=False),
        sa.Column("tenant", sa.String(length=6), nullable=False, comment="CBS code of the municipality (GM####)"),
        sa.Column("created_at", sa.DateTime(timezone=True), server_default=sa.text("now()"), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), server_default=sa.text("now()"), nullable=False),
        sa.ForeignKeyConstraint(
            ["aanvraag_id"], ["gesprekstafels.aanvraag.id"], name=op.f("fk_besluitvoorstel_aanvraag_id_aanvraag")
        ),
        sa.ForeignKeyConstraint(
            ["besluit_id"], ["gesprekstafels.besluit.id"], name=op.f("fk_besluitvoorstel_besluit_id_besluit")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_besluitvoorstel")),
        schema="gesprekstafels",
    )
    op.create_index(
        op.f("ix_besluitvoorstel_tenant"), "besluitvoorstel", ["tenant"], unique=False, schema="gesprekstafels"
    )
    op.create_index(
        "ix_besluitvoorstel_tenant_status",
        "besluitvoorstel",
        ["tenant", "status"],
        unique=False,
        schema="gesprekstafels",
    )
    op.create_index(
        "uq_besluitvoorstel_wachtend",
        "besluitvoorstel",
        ["tenant", "aanvraag_id"],
        unique=True,
        schema="gesprekstafels",
        postgresql_where=sa.text("status = 'wacht'"),
    )
    op.create_table(
        "betaling",
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("aanvraag_id", sa.Uuid(), nullable=False),
        sa.Column("besluit_id", sa.Uuid(), nullable=False, comment="The decision it stems from"),
        sa.Column("partner", sa.String(length=200), nullable=False),
        sa.Column(
            "ambitie_id", sa.Uuid(), nullable=False, comment="The ambition whose ceiling the grant counts against"
        ),
        sa.Column("jaar", sa.Integer(), nullable=False, comment="Subsidy year of the grant"),
        sa.Column("sisa_code", sa.String(length=20), nullable=True, comment="SiSa regulation code of the grant"),
        sa.Column("soort", sa.String(length=16), nullable=False, comment="voorschot / nabetaling / terugvordering"),
        sa.Column(
            "volgnummer", sa.Integer(), nullable=False, comment="1, 2, … per grant, in the order they were planned"
        ),
        sa.Column("bedrag_cent", sa.BigInteger(), nullable=False),
        sa.Column("vervaldatum", sa.Date(), nullable=False, comment="Due on this day (Europe/Amsterdam)"),
        sa.Column("status", sa.String(length=14), nullable=False),
        sa.Column("kenmerk", sa.String(length=100), nullable=True, comment="The bank run's payment reference"),
        sa.Column(
            "stappen",
            postgresql.JSONB(astext_type=Text()),
            nullable=False,
            comment="[{status, door, rol, op, reden, kenmerk}]",
        ),
        sa.Column(
            "opeisbaar_gemeld_op",
            sa.DateTime(timezone=True),
            nullable=True,
            comment="When its falling due was announced (once)",
        ),
        sa.Column("versie", sa.Integer(), nullable=False),
        sa.Column("tenant", sa.String(length=6), nullable=False, comment="CBS code of the municipality (GM####)"),
        sa.Column("created_at", sa.DateTime(timezone=True), server_default=sa.text("now()"), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), server_default=sa.text("now()"), nullable=False),
        sa.ForeignKeyConstraint(
            ["aanvraag_id"], ["gesprekstafels.aanvraag.id"], name=op.f("fk_betaling_aanvraag_id_aanvraag")
        ),
        sa.ForeignKeyConstraint(
            ["besluit_id"], ["gesprekstafels.besluit.id"], name=op.f("fk_betaling_besluit_id_besluit")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_betaling")),
        sa.UniqueConstraint(
            "tenant", "aanvraag_id", "volgnummer", name=op.f("uq_betaling_tenant_aanvraag_id_volgnummer")
        ),
        schema="gesprekstafels",
    )
    op.create_index(op.f("ix_betaling_tenant"), "betaling", ["tenant"], unique=False, schema="gesprekstafels")
    op.create_index(
        "ix_betaling_tenant_partner", "betaling", ["tenant", "partner"], unique=False, schema="gesprekstafels"
    )
    op.create_index(
        "ix_betaling_tenant_status_vervaldatum",
        "betaling",
        ["tenant", "status", "vervaldatum"],
        unique=False,
        schema="gesprekstafels",
    )
    op.add_column(
        "aanvraag",
        sa.Column("kvk_nummer", sa.String(length=8), nullable=True, comment="The applicant's KvK number, where known"),
        schema="gesprekstafels",
    )
    op.add_column(
        "aanvraag",
        sa.Column(
            "vertrouwelijk",
            sa.Boolean(),
            server_default=sa.text("false"),
            nullable=False,
            comment="The applicant asked not to publish it as open data",
        ),
        schema="gesprekstafels",
    )
    op.add_column(
        "besluit",
        sa.Column(
            "betaalschema",
            postgresql.JSONB(astext_type=Text()),
            server_default=sa.text("'[]'::jsonb"),
            nullable=False,
            comment="The advances it states: [{bedragCent, vervaldatum}]",
        ),
        schema="gesprekstafels",
    )
    op.add_column(
        "besluit",
        sa.Column(
            "besluitvormers",
            postgresql.JSONB(astext_type=Text()),
            server_default=sa.text("'[]'::jsonb"),
            nullable=False,
            comment="Who decided: [{persoon, naam, rol, mandaatCent}]",
        ),
        schema="gesprekstafels",
    )
    op.add_column(
        "besluit",
        sa.Column("sisa_code", sa.String(length=20), nullable=True, comment="SiSa regulation code (grants)"),
        schema="gesprekstafels",
    )
    op.add_column(
        "uitvraag",
        sa.Column(
            "betaalwijze",
            postgresql.JSONB(astext_type=Text()),
            nullable=True,
            comment="Default payment schedule of its grants: {frequentie, voorschotPercentage}",
        ),
        schema="gesprekstafels",
    )
    op.add_column(
        "uitvraag",
        sa.Column(
            "sisa_code", sa.String(length=20), nullable=True, comment="SiSa regulation code its grants fall under"
        ),
        schema="gesprekstafels",
    )
    op.add_column(
        "plafond_referentie",
        sa.Column(
            "sisa_code", sa.String(length=20), nullable=True, comment="SiSa code of the ceiling; calls default to it"
        ),
        schema="gesprekstafels",
    )


def downgrade() -> None:
    for table, column in (
        ("plafond_referentie", "sisa_code"),
        ("uitvraag", "sisa_code"),
        ("uitvraag", "betaalwijze"),
        ("besluit", "sisa_code"),
        ("besluit", "besluitvormers"),
        ("besluit", "betaalschema"),
        ("aanvraag", "vertrouwelijk"),
        ("aanvraag", "kvk_nummer"),
    ):
        op.drop_column(table, column, schema=SCHEMA)
    for table in ("betaling", "besluitvoorstel", "mandaat"):
        op.drop_table(table, schema=SCHEMA)
