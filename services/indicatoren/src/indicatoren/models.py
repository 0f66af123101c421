"""Tables of the indicatoren schema: indicator definitions and their measurements per period and area.

A measurement is never overwritten: a correction is a new version of the same (indicator, period, area), and the
previous one stays readable (`actueel` marks the one in force).
"""

from __future__ import annotations

import uuid
from datetime import date, datetime
from decimal import Decimal

from sqlalchemy import (
    BigInteger,
    Boolean,
    Date,
    DateTime,
    ForeignKey,
    Identity,
    Index,
    Integer,
    Numeric,
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
from stuurcyclus_common.readmodel import SpoorReferentieMixin
from stuurcyclus_common.snapshots import snapshot_version_table
from stuurcyclus_common.writes import write_tables

from . import SERVICE


class Base(DeclarativeBase):
    metadata = make_metadata(SERVICE)


class SpoorReferentie(SpoorReferentieMixin, Base):
    """Read model of a track (indicators belong to a track), kept from the sporen service's events."""

    __tablename__ = "spoor_referentie"


class Indicator(TenantMixin, TimestampMixin, Base):
    """What is measured, for which track and level of the uitklapmodel, and which way it is expected to move."""

    __tablename__ = "indicator"
    __table_args__ = (UniqueConstraint("tenant", "code"),)

    id: Mapped[uuid.UUID] = mapped_column(primary_key=True, default=uuid.uuid4)
    code: Mapped[str] = mapped_column(String(60), comment="Stable code, e.g. a neighbourhood-monitor subject code")
    naam: Mapped[str] = mapped_column(String(300))
    omschrijving: Mapped[str | None] = mapped_column(Text)
    spoor_nummer: Mapped[int | None] = mapped_column(Integer)
    niveau: Mapped[str] = mapped_column(String(20), comment="beweging / interventie / resultaatafspraak")
    dimensie: Mapped[str | None] = mapped_column(
        String(12), comment="financien / kwantiteit / kwaliteit; none: a movement"
    )
    beweging: Mapped[str | None] = mapped_column(String(1), comment="Movement A-D where the source links one")
    verwachting: Mapped[str | None] = mapped_column(Text, comment="The expectation as written")
    richting: Mapped[str] = mapped_column(String(30), comment="Expected direction, machine-readable")
    eenheid: Mapped[str | None] = mapped_column(String(40))
    decimalen: Mapped[int | None] = mapped_column(Integer)
    bron: Mapped[str | None] = mapped_column(String(200))
    frequentie: Mapped[str] = mapped_column(String(12), comment="periodiek / doorlopend")
    status: Mapped[str] = mapped_column(String(20), comment="actief / nader-te-bepalen")
    aggregatie: Mapped[str] = mapped_column(String(12), comment="som / gewogen / geen: how areas add up")
    noemer_code: Mapped[str | None] = mapped_column(String(60), comment="Indicator that weighs this percentage")
    thema: Mapped[str | None] = mapped_column(String(200))
    definities: Mapped[list] = mapped_column(
        JSONB, default=list, comment="What its values count over time: [{vanaf, omschrijving, bron}], oldest first"
    )
    versie: Mapped[int] = mapped_column(Integer, default=1)


class Meting(TenantMixin, Base):
    """A value of an indicator for a period and an area; corrections are new versions (append-only)."""

    __tablename__ = "meting"
    __table_args__ = (
        UniqueConstraint("tenant", "indicator_id", "gebied", "periode", "versie"),
        Index(
            "ix_meting_actueel",
            "tenant",
            "indicator_id",
            "gebied",
            "periode_start",
            postgresql_where=text("actueel"),
        ),
    )

    id: Mapped[int] = mapped_column(BigInteger, Identity(always=True), primary_key=True)
    #: Not indexed on its own: `ix_meting_actueel` leads with it (one index fewer to keep up during bulk ingest).
    tenant: Mapped[str] = mapped_column(String(6), comment="CBS code of the municipality (GM####)")
    #: No foreign key per row: the bulk merge checks and locks the batch's indicators once (migration 0006).
    indicator_id: Mapped[uuid.UUID] = mapped_column()
    periode: Mapped[str] = mapped_column(String(6))
    periode_soort: Mapped[str] = mapped_column(String(10))
    periode_start: Mapped[date] = mapped_column(Date)
    gebied: Mapped[str] = mapped_column(String(10), comment="CBS code: GM####, WK######, BU########")
    waarde: Mapped[Decimal] = mapped_column(Numeric(20, 6))
    herkomst: Mapped[str] = mapped_column(String(12), comment="gemeente / cbs / partner")
    leverancier: Mapped[str | None] = mapped_column(String(200), comment="Who delivered it (e.g. the partner)")
    versie: Mapped[int] = mapped_column(Integer, default=1)
    actueel: Mapped[bool] = mapped_column(Boolean, default=True)
    voorlopig: Mapped[bool] = mapped_column(
        Boolean, default=False, server_default=text("false"), comment="A provisional figure (CBS: Voorlopig)"
    )
    vastgelegd_op: Mapped[datetime] = mapped_column(DateTime(timezone=True), server_default=func.now())


class Streefwaarde(TenantMixin, Base):
    """The target value of an indicator for a year in an area."""

    __tablename__ = "streefwaarde"

    indicator_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("indicator.id"), primary_key=True)
    jaar: Mapped[int] = mapped_column(Integer, primary_key=True)
    gebied: Mapped[str] = mapped_column(String(10), primary_key=True)
    waarde: Mapped[Decimal] = mapped_column(Numeric(20, 6))


class Prognose(TenantMixin, Base):
    """A prognosis of an indicator for a future period in an area: a third kind of value beside measurements and
    targets, with its source, when it was made and its scenario ('' where the source gives one figure). Never part of
    a course (`koers` judges measurements only)."""

    __tablename__ = "prognose"

    indicator_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("indicator.id"), primary_key=True)
    gebied: Mapped[str] = mapped_column(String(10), primary_key=True)
    periode: Mapped[str] = mapped_column(String(6), primary_key=True)
    scenario: Mapped[str] = mapped_column(String(10), primary_key=True, comment="laag/midden/hoog, '' for one figure")
    waarde: Mapped[Decimal] = mapped_column(Numeric(20, 6))
    gemaakt_op: Mapped[date | None] = mapped_column(Date, comment="When the prognosis was made (as its source says)")
    bron: Mapped[str] = mapped_column(Text)
    vastgelegd_op: Mapped[datetime] = mapped_column(DateTime(timezone=True), server_default=func.now())


class Waarneming(TenantMixin, Base):
    """A qualitative observation (reflexive monitoring, *vertellen*): a dated note on a track or an indicator."""

    __tablename__ = "waarneming"
    __table_args__ = (Index("ix_waarneming_tenant_datum", "tenant", "datum"),)

    id: Mapped[uuid.UUID] = mapped_column(primary_key=True, default=uuid.uuid4)
    datum: Mapped[date] = mapped_column(Date)
    spoor_nummer: Mapped[int | None] = mapped_column(Integer)
    indicator_id: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("indicator.id"))
    bron: Mapped[str] = mapped_column(String(20), comment="gesprekstafel / partner / bewonerspanel / overig")
    bron_naam: Mapped[str | None] = mapped_column(String(200), comment="Which table, partner or panel")
    tekst: Mapped[str] = mapped_column(Text)
    vastgelegd_op: Mapped[datetime] = mapped_column(DateTime(timezone=True), server_default=func.now())


class KoersStand(TenantMixin, Base):
    """The last judged course of an indicator in an area, to announce when it changes."""

    __tablename__ = "koers_stand"

    indicator_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("indicator.id"), primary_key=True)
    gebied: Mapped[str] = mapped_column(String(10), primary_key=True)
    status: Mapped[str] = mapped_column(String(20))
    bijgewerkt_op: Mapped[datetime] = mapped_column(DateTime(timezone=True), server_default=func.now())


class IndexDefinitie(TenantMixin, Base):
    """A composite index (ouderen-, kinder-, jongerenindex): weighted, normalised components. Every change is a new
    version; earlier versions stay, so a computed index can always say which definition it used."""

    __tablename__ = "index_definitie"
    __table_args__ = (UniqueConstraint("tenant", "code", "versie"),)

    id: Mapped[uuid.UUID] = mapped_column(primary_key=True, default=uuid.uuid4)
    code: Mapped[str] = mapped_column(String(60))
    versie: Mapped[int] = mapped_column(Integer)
    naam: Mapped[str] = mapped_column(String(300))
    componenten: Mapped[list] = mapped_column(JSONB)
    vastgelegd_op: Mapped[datetime] = mapped_column(DateTime(timezone=True), server_default=func.now())


class Gebied(TenantMixin, Base):
    """An area of the municipality's register (CBS wijken en buurten), valid from a year (CBS redraws buurten): a
    measurement's area must be in it for its period, where a register is loaded; names show beside codes."""

    __tablename__ = "gebied"

    tenant: Mapped[str] = mapped_column(String(6), primary_key=True)
    code: Mapped[str] = mapped_column(String(10), primary_key=True, comment="CBS code: GM…, WK…, BU…")
    geldig_van: Mapped[int] = mapped_column(Integer, primary_key=True, comment="First year of this register row")
    geldig_tot: Mapped[int | None] = mapped_column(Integer, comment="Last year (null: still valid)")
    naam: Mapped[str | None] = mapped_column(String(200))
    soort: Mapped[str] = mapped_column(String(10), comment="gemeente / wijk / buurt")
    wijk: Mapped[str | None] = mapped_column(String(10), comment="The wijk of a buurt (its CBS code)")
    sleutel: Mapped[str | None] = mapped_column(String(40), comment="The municipality's own key (monitor exports)")
    omtrek: Mapped[dict | None] = mapped_column(
        JSONB, comment="The outline as a GeoJSON geometry (WGS84 lon/lat), from CBS's Wijk- en buurtkaart"
    )


class StatlineKoppeling(TenantMixin, Base):
    """Which measure of a CBS StatLine table (with a fixed category of each of its other dimensions) is which
    indicator: stored once, so next year's download of the same table imports with one call."""

    __tablename__ = "statline_koppeling"

    tabel: Mapped[str] = mapped_column(String(20), primary_key=True, comment="CBS table id, e.g. 83262NED")
    indicator_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("indicator.id"), primary_key=True)
    onderwerp: Mapped[str] = mapped_column(String(100), comment="The measure's key (DataProperties), WmoClienten_1")
    dimensies: Mapped[dict] = mapped_column(JSONB, comment="Dimension key -> the category key taken")
    vastgelegd_op: Mapped[datetime] = mapped_column(DateTime(timezone=True), server_default=func.now())
    laatste_import: Mapped[dict | None] = mapped_column(JSONB, comment="The counts of the last import")


EVENTS = event_tables(Base.metadata)
#: The audit trail of each collection of the API shows the changes of these tables' rows.
WRITES = write_tables(
    Base.metadata,
    audited={"indicatoren": Indicator, "waarnemingen": Waarneming, "indices": IndexDefinitie},
)
SNAPSHOT_VERSIONS = snapshot_version_table(Base.metadata)
