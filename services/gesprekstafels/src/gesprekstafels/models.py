"""Tables of the gesprekstafels schema: the yearly cycle, its tables and outcomes, calls, applications, decisions,
accountability reports, and read models of what other services decide (ambitions, ceilings, budgets, indicators)."""

from __future__ import annotations

import uuid
from datetime import date, datetime

from sqlalchemy import (
    BigInteger,
    CheckConstraint,
    Date,
    DateTime,
    ForeignKey,
    Index,
    Integer,
    LargeBinary,
    String,
    Text,
    UniqueConstraint,
    func,
    text,
)
from sqlalchemy.dialects.postgresql import JSONB
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column
from stuurcyclus_common.db import TenantMixin, TimestampMixin, make_metadata
from stuurcyclus_common.events import event_tables
from stuurcyclus_common.readmodel import AmbitieReferentieMixin, ReadModelMixin
from stuurcyclus_common.writes import write_tables

from . import SERVICE


class Base(DeclarativeBase):
    metadata = make_metadata(SERVICE)
    # Server-set values (timestamps) come back with the INSERT/UPDATE (RETURNING), so answers can show them at once.
    __mapper_args__ = {"eager_defaults": True}


# --- read models of other services' decisions -----------------------------------------------------------------------


class AmbitieReferentie(AmbitieReferentieMixin, Base):
    """Read model of an ambition (tables and calls are per ambition), kept from the sporen service's events."""

    __tablename__ = "ambitie_referentie"


class PlafondReferentie(ReadModelMixin, Base):
    """Read model of a subsidy ceiling (ambition, year), kept from financien's events; the call shows it."""

    __tablename__ = "plafond_referentie"
    __table_args__ = (UniqueConstraint("tenant", "ambitie_id", "jaar"),)

    plafond_id: Mapped[uuid.UUID] = mapped_column(primary_key=True)
    ambitie_id: Mapped[uuid.UUID] = mapped_column()
    jaar: Mapped[int] = mapped_column(Integer)
    bedrag_cent: Mapped[int] = mapped_column(BigInteger)
    sisa_code: Mapped[str | None] = mapped_column(String(20), comment="SiSa code of the ceiling; calls default to it")


class IndicatorReferentie(ReadModelMixin, Base):
    """Read model of an indicator definition, kept from indicatoren's events: calls and reports name only these."""

    __tablename__ = "indicator_referentie"
    __table_args__ = (UniqueConstraint("tenant", "code"),)

    indicator_id: Mapped[uuid.UUID] = mapped_column(primary_key=True)
    code: Mapped[str] = mapped_column(String(60))
    naam: Mapped[str] = mapped_column(String(300))
    status: Mapped[str] = mapped_column(String(20))


class BegrotingVastgesteld(TenantMixin, Base):
    """The council adopted the budget of a year (financien's event); the grants of that year wait for it."""

    __tablename__ = "begroting_vastgesteld"

    tenant: Mapped[str] = mapped_column(String(6), primary_key=True)
    jaar: Mapped[int] = mapped_column(Integer, primary_key=True)
    begroting_id: Mapped[uuid.UUID] = mapped_column()
    vastgesteld_op: Mapped[date] = mapped_column(Date)


# --- the yearly cycle -----------------------------------------------------------------------------------------------


class Cyclus(TenantMixin, TimestampMixin, Base):
    """One municipality's cycle of a year: tables in `jaar`, grants for `subsidiejaar` (normally `jaar` + 1)."""

    __tablename__ = "cyclus"
    __table_args__ = (UniqueConstraint("tenant", "jaar"),)

    id: Mapped[uuid.UUID] = mapped_column(primary_key=True, default=uuid.uuid4)
    jaar: Mapped[int] = mapped_column(Integer)
    subsidiejaar: Mapped[int] = mapped_column(Integer)


class Fase(Base):
    """A phase of a cycle: planned months, and whether it is planned, open or closed (and when, and why)."""

    __tablename__ = "fase"
    __table_args__ = (UniqueConstraint("cyclus_id", "code"),)

    id: Mapped[uuid.UUID] = mapped_column(primary_key=True, default=uuid.uuid4)
    cyclus_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("cyclus.id"), index=True)
    code: Mapped[str] = mapped_column(String(40))
    volgorde: Mapped[int] = mapped_column(Integer)
    status: Mapped[str] = mapped_column(String(10), comment="gepland / open / gesloten")
    gepland_van: Mapped[date] = mapped_column(Date)
    gepland_tot: Mapped[date] = mapped_column(Date, comment="Deadline of the phase (end of its last month)")
    geopend_op: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    gesloten_op: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    reden: Mapped[str | None] = mapped_column(Text, comment="Why it closed (command or event)")


class Tafel(TenantMixin, TimestampMixin, Base):
    """A conversation table: a theme table (one ambition) or the joint table, in a phase of a cycle."""

    __tablename__ = "tafel"
    __table_args__ = (Index("ix_tafel_tenant_cyclus_id", "tenant", "cyclus_id"),)

    id: Mapped[uuid.UUID] = mapped_column(primary_key=True, default=uuid.uuid4)
    cyclus_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("cyclus.id"))
    fase: Mapped[str] = mapped_column(String(40))
    soort: Mapped[str] = mapped_column(String(12), comment="thema / gezamenlijk")
    ambitie_id: Mapped[uuid.UUID | None] = mapped_column()
    titel: Mapped[str] = mapped_column(String(200))
    datum: Mapped[date] = mapped_column(Date)
    locatie: Mapped[str | None] = mapped_column(String(200))
    deelnemers: Mapped[list] = mapped_column(JSONB, default=list, comment="[{naam, organisatie, rol}]")
    versie: Mapped[int] = mapped_column(Integer, default=1)


class Uitkomst(TenantMixin, Base):
    """An outcome of a table: a task (opgave), a priority with its rank, a trend, or an agreement."""

    __tablename__ = "uitkomst"
    __table_args__ = (
        UniqueConstraint("tenant", "tafel_id", "soort", "rang"),
        Index("ix_uitkomst_tenant_tafel_id", "tenant", "tafel_id"),
    )

    id: Mapped[uuid.UUID] = mapped_column(primary_key=True, default=uuid.uuid4)
    tafel_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("tafel.id"))
    soort: Mapped[str] = mapped_column(String(12), comment="opgave / prioriteit / trend / afspraak")
    tekst: Mapped[str] = mapped_column(Text)
    rang: Mapped[int | None] = mapped_column(Integer, comment="Rank of a priority (1 first)")
    vastgelegd_op: Mapped[datetime] = mapped_column(DateTime(timezone=True), server_default=func.now())


# --- the call, applications, decisions, reports --------------------------------------------------------------------


class Uitvraag(TenantMixin, TimestampMixin, Base):
    """The subsidy call of one ambition in a cycle, built from the January table's prioritised tasks."""

    __tablename__ = "uitvraag"
    __table_args__ = (
        UniqueConstraint("tenant", "cyclus_id", "ambitie_id"),
        Index("ix_uitvraag_tenant_cyclus_id", "tenant", "cyclus_id"),
    )

    id: Mapped[uuid.UUID] = mapped_column(primary_key=True, default=uuid.uuid4)
    cyclus_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("cyclus.id"))
    ambitie_id: Mapped[uuid.UUID] = mapped_column()
    titel: Mapped[str] = mapped_column(String(200))
    status: Mapped[str] = mapped_column(String(12), comment="concept / gepubliceerd / gesloten")
    deadline: Mapped[date] = mapped_column(Date, comment="Last day to apply (until 23:59 Europe/Amsterdam)")
    beoordeling: Mapped[str] = mapped_column(String(30), comment="volgorde-van-binnenkomst / rangschikking")
    opgaven: Mapped[list] = mapped_column(JSONB, comment="The prioritised tasks it was built from (a copy)")
    doelen: Mapped[list] = mapped_column(JSONB, default=list)
    indicatoren: Mapped[list] = mapped_column(JSONB, default=list, comment="Codes applicants report on")
    deelplafonds: Mapped[list] = mapped_column(JSONB, default=list, comment="[{code, naam, bedragCent}]")
    plafond_cent: Mapped[int | None] = mapped_column(BigInteger, comment="The ceiling when published")
    betaalwijze: Mapped[dict | None] = mapped_column(
        JSONB, comment="Default payment schedule of its grants: {frequentie, voorschotPercentage}"
    )
    verantwoordingsregime: Mapped[list | None] = mapped_column(
        JSONB, comment="Tiers of accountability by amount: [{totEnMetCent, vorm, steekproefPercentage}]"
    )
    sisa_code: Mapped[str | None] = mapped_column(String(20), comment="SiSa regulation code its grants fall under")
    gepubliceerd_op: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    versie: Mapped[int] = mapped_column(Integer, default=1)


class Aanvraag(TenantMixin, TimestampMixin, Base):
    """A partner's application to a call; its status follows the lifecycle in `service.TRANSITIONS`."""

    __tablename__ = "aanvraag"
    __table_args__ = (
        Index("ix_aanvraag_tenant_uitvraag_id", "tenant", "uitvraag_id"),
        Index("ix_aanvraag_tenant_partner", "tenant", "partner"),
    )

    id: Mapped[uuid.UUID] = mapped_column(primary_key=True, default=uuid.uuid4)
    uitvraag_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("uitvraag.id"))
    partner: Mapped[str] = mapped_column(String(200))
    titel: Mapped[str] = mapped_column(String(200))
    activiteiten: Mapped[list] = mapped_column(JSONB, comment="[{omschrijving, aantal, eenheid}]")
    bedrag_cent: Mapped[int] = mapped_column(BigInteger)
    deelplafond: Mapped[str | None] = mapped_column(String(40))
    indicatoren: Mapped[list] = mapped_column(JSONB, comment="Indicator codes the partner commits to")
    status: Mapped[str] = mapped_column(String(20))
    reservering: Mapped[str | None] = mapped_column(String(12), comment="gevraagd / bevestigd / geweigerd")
    score: Mapped[int | None] = mapped_column(Integer, comment="Judgement when the call ranks applications")
    reden: Mapped[str | None] = mapped_column(Text, comment="Why it was rejected or withdrawn")
    ingediend_op: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    kvk_nummer: Mapped[str | None] = mapped_column(String(8), comment="The applicant's KvK number, where known")
    vertrouwelijk: Mapped[bool] = mapped_column(
        default=False, server_default=text("false"), comment="The applicant asked not to publish it as open data"
    )
    versie: Mapped[int] = mapped_column(Integer, default=1)
    herstel_uiterlijk: Mapped[date | None] = mapped_column(
        Date, comment="Returned for revision: may be submitted again until this day (Europe/Amsterdam)"
    )


class Statuswijziging(TenantMixin, Base):
    """Every status change of an application (append-only): what was decided, when, by whom, why."""

    __tablename__ = "statuswijziging"
    __table_args__ = (Index("ix_statuswijziging_tenant_aanvraag_id", "tenant", "aanvraag_id"),)

    id: Mapped[int] = mapped_column(BigInteger, primary_key=True, autoincrement=True)
    aanvraag_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("aanvraag.id"))
    van: Mapped[str | None] = mapped_column(String(20))
    naar: Mapped[str] = mapped_column(String(20))
    door: Mapped[str] = mapped_column(String(200), comment="gemeente, the partner, or financien (by event)")
    reden: Mapped[str | None] = mapped_column(Text)
    op: Mapped[datetime] = mapped_column(DateTime(timezone=True), server_default=func.now())


class Besluit(TenantMixin, Base):
    """A decision on an application, shaped like a ZGW *Besluit*, plus the subsidy's amount, period, conditions and
    agreed outputs (*uitvoeringsovereenkomst*)."""

    __tablename__ = "besluit"
    __table_args__ = (
        UniqueConstraint("tenant", "identificatie"),
        Index("ix_besluit_tenant_aanvraag_id", "tenant", "aanvraag_id"),
    )

    id: Mapped[uuid.UUID] = mapped_column(primary_key=True, default=uuid.uuid4)
    identificatie: Mapped[str] = mapped_column(String(40))
    aanvraag_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("aanvraag.id"))
    soort: Mapped[str] = mapped_column(String(12), comment="toekenning / afwijzing / vaststelling")
    datum: Mapped[date] = mapped_column(Date)
    ingangsdatum: Mapped[date] = mapped_column(Date)
    vervaldatum: Mapped[date | None] = mapped_column(Date)
    vervalreden: Mapped[str | None] = mapped_column(String(30))
    toelichting: Mapped[str | None] = mapped_column(Text)
    bedrag_cent: Mapped[int | None] = mapped_column(BigInteger)
    periode: Mapped[str | None] = mapped_column(String(10))
    voorwaarden: Mapped[list] = mapped_column(JSONB, default=list)
    prestaties: Mapped[list] = mapped_column(JSONB, default=list)
    verantwoording_uiterlijk: Mapped[date | None] = mapped_column(Date, comment="Report due (grants)")
    betaalschema: Mapped[list] = mapped_column(
        JSONB,
        default=list,
        server_default=text("'[]'::jsonb"),
        comment="The advances it states: [{bedragCent, vervaldatum}]",
    )
    verantwoordingsvorm: Mapped[str | None] = mapped_column(
        String(30), comment="geen / activiteitenverslag / financieel-verslag (grants; see verantwoording/regime.py)"
    )
    steekproef: Mapped[dict | None] = mapped_column(
        JSONB, comment="The sample's draw, where the tier samples: {percentage, getrokken, zaad, sha256}"
    )
    besluitvormers: Mapped[list] = mapped_column(
        JSONB,
        default=list,
        server_default=text("'[]'::jsonb"),
        comment="Who decided: [{persoon, naam, rol, mandaatCent}]",
    )
    sisa_code: Mapped[str | None] = mapped_column(String(20), comment="SiSa regulation code (grants)")
    aangemaakt_op: Mapped[datetime] = mapped_column(DateTime(timezone=True), server_default=func.now())


class Verantwoording(TenantMixin, Base):
    """A partner's accountability report on its grant: realised activities, money spent, indicator values."""

    __tablename__ = "verantwoording"
    __table_args__ = (UniqueConstraint("tenant", "aanvraag_id"),)

    id: Mapped[uuid.UUID] = mapped_column(primary_key=True, default=uuid.uuid4)
    aanvraag_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("aanvraag.id"))
    partner: Mapped[str] = mapped_column(String(200))
    activiteiten: Mapped[list] = mapped_column(JSONB)
    besteed_cent: Mapped[int] = mapped_column(BigInteger)
    indicatorwaarden: Mapped[list] = mapped_column(JSONB)
    toelichting: Mapped[str | None] = mapped_column(Text)
    te_laat: Mapped[bool] = mapped_column(default=False, comment="Submitted after the grant's report deadline")
    ingediend_op: Mapped[datetime] = mapped_column(DateTime(timezone=True), server_default=func.now())
    status: Mapped[str] = mapped_column(
        String(20), default="ingediend", server_default="ingediend", comment="See verantwoording/statuses.py"
    )
    versie: Mapped[int] = mapped_column(Integer, default=1, server_default=text("1"))
    metingen: Mapped[str | None] = mapped_column(
        String(20), comment="What indicatoren made of the values: in_behandeling / vastgelegd / geweigerd"
    )
    weigeringen: Mapped[list] = mapped_column(
        JSONB, default=list, server_default=text("'[]'::jsonb"), comment="[{veld, reden}] when indicatoren refused"
    )
    reden: Mapped[str | None] = mapped_column(Text, comment="Why it was returned or withdrawn")
    uiterlijk: Mapped[date | None] = mapped_column(Date, comment="A new deadline given when it was returned")


class VerantwoordingVersie(TenantMixin, Base):
    """Every version and move of an accountability report (append-only): what it said, who moved it, why."""

    __tablename__ = "verantwoording_versie"
    __table_args__ = (Index("ix_verantwoording_versie_tenant_verantwoording_id", "tenant", "verantwoording_id"),)

    id: Mapped[int] = mapped_column(BigInteger, primary_key=True, autoincrement=True)
    verantwoording_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("verantwoording.id"))
    versie: Mapped[int] = mapped_column(Integer)
    status: Mapped[str] = mapped_column(String(20))
    inhoud: Mapped[dict] = mapped_column(JSONB, comment="The report as it read in this version")
    door: Mapped[str] = mapped_column(String(200), comment="gemeente or the partner")
    reden: Mapped[str | None] = mapped_column(Text)
    op: Mapped[datetime] = mapped_column(DateTime(timezone=True), server_default=func.now())


# --- after the grant: who may decide how much, and the money's ledger -----------------------------------------------


class Mandaat(TenantMixin, TimestampMixin, Base):
    """A line of the municipality's mandate table (*mandaatregeling*): a role or a person may grant or settle up to
    `maximum_cent` (none: without limit), for one ambition or overall. Above it a second decider must co-decide."""

    __tablename__ = "mandaat"
    __table_args__ = (
        CheckConstraint("(rol IS NULL) <> (persoon IS NULL)", name="rol_of_persoon"),
        Index("ix_mandaat_tenant_rol_persoon", "tenant", "rol", "persoon"),
    )

    id: Mapped[uuid.UUID] = mapped_column(primary_key=True, default=uuid.uuid4)
    rol: Mapped[str | None] = mapped_column(String(30), comment="A role of the token (e.g. beleid)")
    persoon: Mapped[str | None] = mapped_column(String(200), comment="A person: the token's subject (sub)")
    ambitie_id: Mapped[uuid.UUID | None] = mapped_column(comment="Only for this ambition's grants (none: overall)")
    maximum_cent: Mapped[int | None] = mapped_column(BigInteger, comment="Largest amount decided alone; none: no limit")
    omschrijving: Mapped[str | None] = mapped_column(String(200))
    versie: Mapped[int] = mapped_column(Integer, default=1)


class Mandaatwijziging(TenantMixin, TimestampMixin, Base):
    """A change of the mandate table, proposed by one administrator and carried out when another confirms it (four
    eyes on the table that sets four eyes). A line added gets the proposal's id, so its audit trail shows both."""

    __tablename__ = "mandaatwijziging"
    __table_args__ = (Index("ix_mandaatwijziging_tenant_status", "tenant", "status"),)

    id: Mapped[uuid.UUID] = mapped_column(primary_key=True, default=uuid.uuid4)
    soort: Mapped[str] = mapped_column(String(12), comment="toevoegen / verwijderen")
    mandaat_id: Mapped[uuid.UUID | None] = mapped_column(comment="The line removed, or the line added once carried out")
    gegevens: Mapped[dict] = mapped_column(JSONB, comment="The line as proposed")
    voorgesteld_door: Mapped[dict] = mapped_column(
        JSONB, comment="{persoon, naam, rol} of the administrator who proposed it"
    )
    bevestigd_door: Mapped[dict | None] = mapped_column(
        JSONB, comment="{persoon, naam, rol} of the other administrator who confirmed it"
    )
    status: Mapped[str] = mapped_column(String(12), comment="wacht / doorgevoerd")
    versie: Mapped[int] = mapped_column(Integer, default=1)


class Besluitvoorstel(TenantMixin, TimestampMixin, Base):
    """A grant or settlement above its first decider's mandate, waiting for a second decider (four eyes)."""

    __tablename__ = "besluitvoorstel"
    __table_args__ = (
        Index(
            "uq_besluitvoorstel_wachtend",
            "tenant",
            "aanvraag_id",
            unique=True,
            postgresql_where=text("status = 'wacht'"),
        ),
        Index("ix_besluitvoorstel_tenant_status", "tenant", "status"),
    )

    id: Mapped[uuid.UUID] = mapped_column(primary_key=True, default=uuid.uuid4)
    aanvraag_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("aanvraag.id"))
    soort: Mapped[str] = mapped_column(String(12), comment="toekenning / vaststelling")
    bedrag_cent: Mapped[int] = mapped_column(BigInteger)
    gegevens: Mapped[dict] = mapped_column(JSONB, comment="The decision as the first decider asked it (its body)")
    eerste: Mapped[dict] = mapped_column(JSONB, comment="{persoon, naam, rol, mandaatCent} of the first decider")
    tweede: Mapped[dict | None] = mapped_column(JSONB, comment="The second decider, once decided")
    status: Mapped[str] = mapped_column(String(10), comment="wacht / besloten / afgewezen")
    besluit_id: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("besluit.id"))
    reden: Mapped[str | None] = mapped_column(Text)
    versie: Mapped[int] = mapped_column(Integer, default=1)


class Betaling(TenantMixin, TimestampMixin, Base):
    """A line of a grant's payment ledger: an advance (*voorschot*), the final payment (*nabetaling*) or a reclaim
    (*terugvordering*, money back from the partner). Status: gepland → geautoriseerd → verzonden → betaald, or
    geannuleerd before it was sent; `stappen` says who moved it when."""

    __tablename__ = "betaling"
    __table_args__ = (
        UniqueConstraint("tenant", "aanvraag_id", "volgnummer"),
        Index("ix_betaling_tenant_status_vervaldatum", "tenant", "status", "vervaldatum"),
        Index("ix_betaling_tenant_partner", "tenant", "partner"),
    )

    id: Mapped[uuid.UUID] = mapped_column(primary_key=True, default=uuid.uuid4)
    aanvraag_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("aanvraag.id"))
    besluit_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("besluit.id"), comment="The decision it stems from")
    partner: Mapped[str] = mapped_column(String(200))
    ambitie_id: Mapped[uuid.UUID] = mapped_column(comment="The ambition whose ceiling the grant counts against")
    jaar: Mapped[int] = mapped_column(Integer, comment="Subsidy year of the grant")
    sisa_code: Mapped[str | None] = mapped_column(String(20), comment="SiSa regulation code of the grant")
    soort: Mapped[str] = mapped_column(String(16), comment="voorschot / nabetaling / terugvordering")
    volgnummer: Mapped[int] = mapped_column(Integer, comment="1, 2, … per grant, in the order they were planned")
    bedrag_cent: Mapped[int] = mapped_column(BigInteger)
    vervaldatum: Mapped[date] = mapped_column(Date, comment="Due on this day (Europe/Amsterdam)")
    status: Mapped[str] = mapped_column(String(14))
    kenmerk: Mapped[str | None] = mapped_column(String(100), comment="The bank run's payment reference")
    stappen: Mapped[list] = mapped_column(JSONB, default=list, comment="[{status, door, rol, op, reden, kenmerk}]")
    opeisbaar_gemeld_op: Mapped[datetime | None] = mapped_column(
        DateTime(timezone=True), comment="When its falling due was announced (once)"
    )
    versie: Mapped[int] = mapped_column(Integer, default=1)


class Rekening(TenantMixin, TimestampMixin, Base):
    """A bank account: the municipality's own (`houder` `gemeente`), which pays, or a partner's (its name as in its
    token's `organisatie`), which receives. Staff only; every change in the audit trail; never in an event."""

    __tablename__ = "rekening"
    __table_args__ = (UniqueConstraint("tenant", "houder"),)

    id: Mapped[uuid.UUID] = mapped_column(primary_key=True, default=uuid.uuid4)
    houder: Mapped[str] = mapped_column(String(200), comment="gemeente, or the partner's name")
    iban: Mapped[str] = mapped_column(String(34), comment="Compact, upper case, checked")
    bic: Mapped[str | None] = mapped_column(String(11))
    tenaamstelling: Mapped[str] = mapped_column(String(70), comment="The holder's name as the bank knows it")
    versie: Mapped[int] = mapped_column(Integer, default=1)


class Bijlage(TenantMixin, Base):
    """A document on an application, its accountability report or a decision (a budget, annual accounts, an auditor's
    statement …): what it is, by its content; its bytes in `bijlage_inhoud`. Visible as its application is."""

    __tablename__ = "bijlage"
    __table_args__ = (Index("ix_bijlage_tenant_aanvraag_id", "tenant", "aanvraag_id"),)

    id: Mapped[uuid.UUID] = mapped_column(primary_key=True, default=uuid.uuid4)
    aanvraag_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("aanvraag.id"))
    onderwerp: Mapped[str] = mapped_column(String(16), comment="aanvraag / verantwoording / besluit")
    besluit_id: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("besluit.id"))
    partner: Mapped[str] = mapped_column(String(200), comment="The application's partner (who may see it)")
    soort: Mapped[str | None] = mapped_column(String(60), comment="e.g. begroting, jaarrekening, accountantsverklaring")
    bestandsnaam: Mapped[str] = mapped_column(String(200))
    mediatype: Mapped[str] = mapped_column(String(120), comment="Read from the content, not from the name")
    grootte: Mapped[int] = mapped_column(BigInteger, comment="Bytes")
    sha256: Mapped[str] = mapped_column(String(64), comment="Hex digest of the content")
    door: Mapped[str] = mapped_column(String(200), comment="gemeente or the partner")
    toegevoegd_op: Mapped[datetime] = mapped_column(DateTime(timezone=True), server_default=func.now())


class BijlageInhoud(TenantMixin, Base):
    """The bytes of an attachment, apart from what describes it (the audit trail records the description only)."""

    __tablename__ = "bijlage_inhoud"

    bijlage_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("bijlage.id", ondelete="CASCADE"), primary_key=True)
    inhoud: Mapped[bytes] = mapped_column(LargeBinary)


class BestaandeSubsidie(TenantMixin, Base):
    """A dossier of the municipality's published subsidy register (before or beside the platform): who asked what
    under which scheme, and what was granted and settled, per subsidy year. Imported idempotently by dossier number
    (and year); a private person's dossier (`particulier`) is never shown by name outside staff."""

    __tablename__ = "bestaande_subsidie"
    __table_args__ = (
        Index("ix_bestaande_subsidie_tenant_sleutel", "tenant", "aanvrager_sleutel"),
        Index("ix_bestaande_subsidie_tenant_jaar", "tenant", "jaar"),
    )

    tenant: Mapped[str] = mapped_column(String(6), primary_key=True, comment="CBS code of the municipality (GM####)")
    dossiernummer: Mapped[str] = mapped_column(String(40), primary_key=True)
    jaar: Mapped[int] = mapped_column(Integer, primary_key=True, comment="The subsidy year")
    aanvrager: Mapped[str | None] = mapped_column(String(300), comment="As the register names it")
    aanvrager_sleutel: Mapped[str] = mapped_column(String(300), comment="The name as a key to match partners")
    particulier: Mapped[bool] = mapped_column(comment="A private person: never shown by name outside staff")
    regeling: Mapped[str] = mapped_column(String(300))
    beleidsterrein: Mapped[str | None] = mapped_column(String(200))
    organisatieonderdeel: Mapped[str | None] = mapped_column(String(200))
    projectnaam: Mapped[str | None] = mapped_column(String(500))
    periodiciteit: Mapped[str | None] = mapped_column(String(10), comment="eenmalig / periodiek")
    aangevraagd_cent: Mapped[int | None] = mapped_column(BigInteger)
    verleend_cent: Mapped[int | None] = mapped_column(BigInteger)
    vastgesteld_cent: Mapped[int | None] = mapped_column(BigInteger)
    overzicht_op: Mapped[date | None] = mapped_column(Date, comment="The register export's date")
    ingelezen_op: Mapped[datetime] = mapped_column(DateTime(timezone=True), server_default=func.now())


EVENTS = event_tables(Base.metadata)
#: The audit trail of each collection of the API shows the changes of these tables' rows.
WRITES = write_tables(
    Base.metadata,
    audited={
        "cycli": (Cyclus, Fase),
        "tafels": (Tafel, Uitkomst),
        "uitvragen": Uitvraag,
        "aanvragen": (Aanvraag, Verantwoording),
        "besluiten": (Besluit, Besluitvoorstel),
        "betalingen": Betaling,
        "mandaten": (Mandaat, Mandaatwijziging),
        "rekeningen": Rekening,
        "bijlagen": Bijlage,
    },
)
