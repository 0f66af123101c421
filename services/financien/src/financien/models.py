"""Tables of the financien schema. Money is integer euro cents (`bedrag_cent`), never a float.

Totals (of the Totaalopgave, of realisations, of ceiling use) are computed when read, never stored by hand.
"""

from __future__ import annotations

import uuid
from datetime import date, datetime

from sqlalchemy import (
    BigInteger,
    Boolean,
    Date,
    DateTime,
    ForeignKey,
    Index,
    Integer,
    String,
    Text,
    UniqueConstraint,
    func,
)
from sqlalchemy.dialects.postgresql import JSONB
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column
from stuurcyclus_common.db import TenantMixin, TimestampMixin, make_metadata
from stuurcyclus_common.events import event_tables
from stuurcyclus_common.readmodel import AmbitieReferentieMixin, SpoorReferentieMixin
from stuurcyclus_common.snapshots import snapshot_version_table
from stuurcyclus_common.writes import write_tables

from . import SERVICE


class Base(DeclarativeBase):
    metadata = make_metadata(SERVICE)


class SpoorReferentie(SpoorReferentieMixin, Base):
    """Read model of a track (savings lines belong to a track), kept from the sporen service's events."""

    __tablename__ = "spoor_referentie"


class AmbitieReferentie(AmbitieReferentieMixin, Base):
    """Read model of an ambition (budgets and ceilings are per ambition), kept from the sporen service's events."""

    __tablename__ = "ambitie_referentie"


class Besparingslijn(TenantMixin, TimestampMixin, Base):
    """A numbered line of the *Totaalopgave* (e.g. '3 & 7 Toegang jeugd'), with a target per year."""

    __tablename__ = "besparingslijn"
    __table_args__ = (UniqueConstraint("tenant", "code"),)

    id: Mapped[uuid.UUID] = mapped_column(primary_key=True, default=uuid.uuid4)
    code: Mapped[str] = mapped_column(String(20), comment="Line number(s) as in the source, e.g. '3 & 7'")
    naam: Mapped[str] = mapped_column(String(200))
    spoor_nummer: Mapped[int | None] = mapped_column(Integer, comment="Number of the track the line belongs to")
    ten_laste_van_marge: Mapped[bool] = mapped_column(
        Boolean, default=False, comment="Charged to the prudence margin (*beslag behoedzaamheidsmarge*)"
    )
    volgorde: Mapped[int] = mapped_column(Integer, default=0)


class Besparingsdoel(TenantMixin, Base):
    """The target of a savings line in one year."""

    __tablename__ = "besparingsdoel"

    lijn_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("besparingslijn.id"), primary_key=True)
    jaar: Mapped[int] = mapped_column(Integer, primary_key=True)
    bedrag_cent: Mapped[int] = mapped_column(BigInteger)


class Realisatie(TenantMixin, Base):
    """A realised saving on a line in a year, structural or incidental. Append-only: corrections are new rows."""

    __tablename__ = "realisatie"
    __table_args__ = (Index("ix_realisatie_tenant_lijn_id", "tenant", "lijn_id"),)

    id: Mapped[uuid.UUID] = mapped_column(primary_key=True, default=uuid.uuid4)
    lijn_id: Mapped[uuid.UUID | None] = mapped_column(
        ForeignKey("besparingslijn.id"), comment="The line, where the source names one; else only the track"
    )
    spoor_nummer: Mapped[int | None] = mapped_column(Integer, comment="The track the saving belongs to")
    jaar: Mapped[int] = mapped_column(Integer, comment="The year it was realised (before the frame: before its first)")
    soort: Mapped[str | None] = mapped_column(
        String(12), comment="structureel / incidenteel; null where the source does not say"
    )
    bedrag_cent: Mapped[int] = mapped_column(BigInteger, comment="May be negative: a correction")
    toelichting: Mapped[str | None] = mapped_column(Text)
    bron: Mapped[str | None] = mapped_column(Text, comment="Where the figure comes from")
    geregistreerd_op: Mapped[datetime] = mapped_column(DateTime(timezone=True), server_default=func.now())


class Besparingskader(TenantMixin, Base):
    """A version of the savings frame: its total, from when, and why it changed (the agenda's € 11,1 mln of 2019,
    the adjusted Totaalopgave of 2020, …). Append-only: the current frame is the highest version."""

    __tablename__ = "besparingskader"
    __table_args__ = (UniqueConstraint("tenant", "versie"),)

    id: Mapped[uuid.UUID] = mapped_column(primary_key=True, default=uuid.uuid4)
    versie: Mapped[int] = mapped_column(Integer)
    periode: Mapped[str] = mapped_column(String(6), comment="When it was set: a year or half year, e.g. 2019, 2020S1")
    totaal_cent: Mapped[int] = mapped_column(BigInteger, comment="The frame's total savings")
    doeljaar: Mapped[int | None] = mapped_column(Integer, comment="The year the total is to be reached, if stated")
    reden: Mapped[str] = mapped_column(Text, comment="What the frame is, and why it changed")
    bron: Mapped[str] = mapped_column(Text)
    geregistreerd_op: Mapped[datetime] = mapped_column(DateTime(timezone=True), server_default=func.now())


class Behoedzaamheidsmarge(TenantMixin, Base):
    """The prudence margin of a year."""

    __tablename__ = "behoedzaamheidsmarge"

    tenant: Mapped[str] = mapped_column(String(6), primary_key=True)
    jaar: Mapped[int] = mapped_column(Integer, primary_key=True)
    bedrag_cent: Mapped[int] = mapped_column(BigInteger)


class Begrotingspost(TenantMixin, TimestampMixin, Base):
    """A budget line: a budget, programme costs, an investment or a spending proposal, per year."""

    __tablename__ = "begrotingspost"
    __table_args__ = (Index("ix_begrotingspost_tenant_jaar", "tenant", "jaar"),)

    id: Mapped[uuid.UUID] = mapped_column(primary_key=True, default=uuid.uuid4)
    jaar: Mapped[int] = mapped_column(Integer)
    programma: Mapped[str | None] = mapped_column(String(100), comment="Programme of the municipal budget")
    soort: Mapped[str] = mapped_column(
        String(30), comment="budget / programmakosten / investering / bestedingsvoorstel"
    )
    omschrijving: Mapped[str] = mapped_column(String(300))
    bedrag_cent: Mapped[int] = mapped_column(BigInteger)
    karakter: Mapped[str] = mapped_column(String(12), comment="incidenteel / structureel")
    status: Mapped[str] = mapped_column(String(12), default="voorgesteld", comment="voorgesteld / vastgesteld")
    spoor_nummer: Mapped[int | None] = mapped_column(Integer)
    ambitie_nummer: Mapped[int | None] = mapped_column(Integer)
    toelichting: Mapped[str | None] = mapped_column(Text)


class Verschuiving(TenantMixin, Base):
    """A reallocation between budget lines (*flexibel schuiven*, e.g. from maatwerk to the sociale basis)."""

    __tablename__ = "verschuiving"
    __table_args__ = (
        Index("ix_verschuiving_tenant_van_post_id", "tenant", "van_post_id"),
        Index("ix_verschuiving_tenant_naar_post_id", "tenant", "naar_post_id"),
    )

    id: Mapped[uuid.UUID] = mapped_column(primary_key=True, default=uuid.uuid4)
    van_post_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("begrotingspost.id"))
    naar_post_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("begrotingspost.id"))
    bedrag_cent: Mapped[int] = mapped_column(BigInteger)
    reden: Mapped[str] = mapped_column(Text)
    geregistreerd_op: Mapped[datetime] = mapped_column(DateTime(timezone=True), server_default=func.now())


class Begroting(TenantMixin, TimestampMixin, Base):
    """The budget of a year: proposed, then adopted by the council (*begroting vastgesteld*)."""

    __tablename__ = "begroting"
    __table_args__ = (UniqueConstraint("tenant", "jaar"),)

    id: Mapped[uuid.UUID] = mapped_column(primary_key=True, default=uuid.uuid4)
    jaar: Mapped[int] = mapped_column(Integer)
    status: Mapped[str] = mapped_column(String(12), default="voorgesteld")
    vastgesteld_op: Mapped[date | None] = mapped_column(Date)


class Subsidieplafond(TenantMixin, TimestampMixin, Base):
    """The subsidy ceiling of an ambition in a year: committed plus reserved never exceeds it."""

    __tablename__ = "subsidieplafond"
    __table_args__ = (UniqueConstraint("tenant", "ambitie_id", "jaar"),)

    id: Mapped[uuid.UUID] = mapped_column(primary_key=True, default=uuid.uuid4)
    ambitie_id: Mapped[uuid.UUID] = mapped_column()
    jaar: Mapped[int] = mapped_column(Integer)
    bedrag_cent: Mapped[int] = mapped_column(BigInteger)
    sisa_code: Mapped[str | None] = mapped_column(String(20), comment="SiSa regulation code of the grants under it")
    versie: Mapped[int] = mapped_column(Integer, default=1, server_default="1", comment="Increases per change")


class Reservering(TenantMixin, TimestampMixin, Base):
    """Money held under a ceiling for one application: reserved, then committed or released."""

    __tablename__ = "reservering"
    __table_args__ = (
        UniqueConstraint("tenant", "aanvraag_id"),
        Index("ix_reservering_tenant_plafond_id", "tenant", "plafond_id"),
    )

    id: Mapped[uuid.UUID] = mapped_column(primary_key=True, default=uuid.uuid4)
    plafond_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("subsidieplafond.id"))
    aanvraag_id: Mapped[uuid.UUID] = mapped_column()
    bedrag_cent: Mapped[int] = mapped_column(BigInteger)
    status: Mapped[str] = mapped_column(String(12), comment="gereserveerd / vastgelegd / vrijgegeven")
    partner: Mapped[str | None] = mapped_column(String(200))
    betaald_cent: Mapped[int] = mapped_column(
        BigInteger, default=0, server_default="0", comment="Paid to the partner (advances, final payment)"
    )
    teruggevorderd_cent: Mapped[int] = mapped_column(
        BigInteger, default=0, server_default="0", comment="Reclaimed from the partner (decided, not cancelled)"
    )


class Iv3Gemeente(TenantMixin, Base):
    """A municipality as the CBS Iv3 file of a year describes it."""

    __tablename__ = "iv3_gemeente"

    tenant: Mapped[str] = mapped_column(String(6), primary_key=True)
    jaar: Mapped[int] = mapped_column(Integer, primary_key=True)
    bron: Mapped[str] = mapped_column(String(20), primary_key=True, comment="begroting / jaarrekening")
    naam: Mapped[str] = mapped_column(String(100))
    provincie: Mapped[str | None] = mapped_column(String(50))
    inwonertal: Mapped[int | None] = mapped_column(Integer)
    gemeentegrootte: Mapped[str | None] = mapped_column(String(60))
    stedelijkheid: Mapped[str | None] = mapped_column(String(60))


class Iv3Bedrag(TenantMixin, Base):
    """Income and expenses of one task field (*taakveld*) of a municipality in a year (CBS Iv3), in cents."""

    __tablename__ = "iv3_bedrag"

    tenant: Mapped[str] = mapped_column(String(6), primary_key=True)
    jaar: Mapped[int] = mapped_column(Integer, primary_key=True)
    bron: Mapped[str] = mapped_column(String(20), primary_key=True)
    taakveld: Mapped[str] = mapped_column(String(10), primary_key=True, comment="Code, e.g. 6.81a")
    omschrijving: Mapped[str] = mapped_column(String(200), comment="Label as the file gives it")
    baten_cent: Mapped[int | None] = mapped_column(BigInteger)
    lasten_cent: Mapped[int | None] = mapped_column(BigInteger)
    salarissen_cent: Mapped[int | None] = mapped_column(BigInteger)


class Iv3Indeling(TenantMixin, Base):
    """A municipality's own assignment of a task field to a track (overrides the platform's default of its list)."""

    __tablename__ = "iv3_indeling"

    tenant: Mapped[str] = mapped_column(String(6), primary_key=True)
    lijst: Mapped[str] = mapped_column(String(4), primary_key=True, comment="Task-field list: 2017 or 2025")
    taakveld: Mapped[str] = mapped_column(String(10), primary_key=True)
    spoor_nummer: Mapped[int | None] = mapped_column(Integer, comment="Null: assigned to no track")


class Vergelijkingsgroep(TenantMixin, Base):
    """Peers a municipality chose itself (with the reason and year), beside CBS's size class: used by the Iv3
    comparison and any comparison chart."""

    __tablename__ = "vergelijkingsgroep"
    __table_args__ = (UniqueConstraint("tenant", "naam"),)

    id: Mapped[uuid.UUID] = mapped_column(primary_key=True, default=uuid.uuid4)
    naam: Mapped[str] = mapped_column(String(200))
    jaar: Mapped[int] = mapped_column(Integer, comment="The year the peers were named")
    reden: Mapped[str] = mapped_column(Text, comment="Why these municipalities")
    gemeenten: Mapped[list[str]] = mapped_column(JSONB, comment="CBS codes of the peers")
    bron: Mapped[str] = mapped_column(Text)
    geregistreerd_op: Mapped[datetime] = mapped_column(DateTime(timezone=True), server_default=func.now())


EVENTS = event_tables(Base.metadata)
#: The audit trail of each collection of the API shows the changes of these tables' rows.
WRITES = write_tables(
    Base.metadata,
    audited={
        "besparingslijnen": Besparingslijn,
        "begrotingsposten": Begrotingspost,
        "verschuivingen": Verschuiving,
        "begrotingen": Begroting,
        "subsidieplafonds": Subsidieplafond,
        "reserveringen": Reservering,
        "vergelijkingsgroepen": Vergelijkingsgroep,
    },
)
SNAPSHOT_VERSIONS = snapshot_version_table(Base.metadata)
