"""Tables of the sporen schema: the reform agenda of one municipality per `tenant`.

Descriptive parts of the agenda that are lists or small records (reforms, stakeholders, the financial frame, the
finance/quantity/quality account of the uitklapmodel) are JSONB validated by the pydantic schemas; identities and
links between things are columns and foreign keys. Every versioned thing has `versie`; every change of one is kept
in `wijziging` (full snapshot per version), and a risk's revisions are rows of their own.
"""

from __future__ import annotations

import uuid
from datetime import date, datetime
from typing import Any

from sqlalchemy import (
    BigInteger,
    Date,
    DateTime,
    ForeignKey,
    Identity,
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
from stuurcyclus_common.readmodel import ReadModelMixin
from stuurcyclus_common.writes import write_tables

from . import SERVICE


class Base(DeclarativeBase):
    metadata = make_metadata(SERVICE)
    type_annotation_map = {dict[str, Any]: JSONB, list[Any]: JSONB}


class Versioned(TenantMixin, TimestampMixin):
    id: Mapped[uuid.UUID] = mapped_column(primary_key=True, default=uuid.uuid4)
    versie: Mapped[int] = mapped_column(Integer, default=1)


class Spoor(Versioned, Base):
    """A track (*spoor*) of the reform agenda, with every field of the half-year report's summary."""

    __tablename__ = "spoor"
    __table_args__ = (UniqueConstraint("tenant", "nummer"),)

    nummer: Mapped[int] = mapped_column(Integer)
    naam: Mapped[str] = mapped_column(String(200))
    omschrijving: Mapped[str | None] = mapped_column(Text)
    status: Mapped[str] = mapped_column(String(30), default="actief")
    probleem: Mapped[str | None] = mapped_column(Text)
    hervormingen: Mapped[list[Any]] = mapped_column(default=list)
    doelgroep: Mapped[dict[str, Any]] = mapped_column(default=dict)
    financieel_kader: Mapped[dict[str, Any]] = mapped_column(default=dict)
    stakeholders: Mapped[list[Any]] = mapped_column(default=list)
    gewenste_resultaten: Mapped[list[Any]] = mapped_column(default=list)
    uitdagingen: Mapped[list[Any]] = mapped_column(default=list)
    beinvloedbaar: Mapped[list[Any]] = mapped_column(default=list)
    niet_beinvloedbaar: Mapped[list[Any]] = mapped_column(default=list)
    verantwoording: Mapped[dict[str, Any]] = mapped_column(default=dict)


class Raakvlak(TenantMixin, Base):
    """An interface between two tracks, with the reason (*raakvlak andere sporen*)."""

    __tablename__ = "raakvlak"

    spoor_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("spoor.id", ondelete="CASCADE"), primary_key=True)
    ander_spoor_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("spoor.id", ondelete="CASCADE"), primary_key=True)
    reden: Mapped[str] = mapped_column(Text)


class Beweging(Versioned, Base):
    """One of the movements (*bewegingen*, A–D) with its intended effects and good examples."""

    __tablename__ = "beweging"
    __table_args__ = (UniqueConstraint("tenant", "code"),)

    code: Mapped[str] = mapped_column(String(1))
    naam: Mapped[str] = mapped_column(String(200))
    omschrijving: Mapped[str | None] = mapped_column(Text)
    beoogde_effecten: Mapped[list[Any]] = mapped_column(default=list)
    goede_voorbeelden: Mapped[list[Any]] = mapped_column(default=list)


class Ambitie(Versioned, Base):
    """An ambition of the sociale basis, with goals, subsidisable activities and current services."""

    __tablename__ = "ambitie"
    __table_args__ = (UniqueConstraint("tenant", "nummer"),)

    nummer: Mapped[int] = mapped_column(Integer)
    naam: Mapped[str] = mapped_column(String(200))
    doelen: Mapped[list[Any]] = mapped_column(default=list)
    subsidiabele_activiteiten: Mapped[list[Any]] = mapped_column(default=list)
    huidige_dienstverlening: Mapped[list[Any]] = mapped_column(default=list)


class Aandachtsgroep(Versioned, Base):
    """A group of vulnerable inhabitants the sociale basis pays attention to."""

    __tablename__ = "aandachtsgroep"
    __table_args__ = (UniqueConstraint("tenant", "naam"),)

    naam: Mapped[str] = mapped_column(String(200))
    volgorde: Mapped[int] = mapped_column(Integer, default=0)
    omschrijving: Mapped[str | None] = mapped_column(Text)


class Opgave(Versioned, Base):
    """A city or neighbourhood task (*stads- of wijkopgave*) of one year."""

    __tablename__ = "opgave"
    __table_args__ = (UniqueConstraint("tenant", "jaar", "naam"),)

    jaar: Mapped[int] = mapped_column(Integer)
    naam: Mapped[str] = mapped_column(String(200))
    soort: Mapped[str] = mapped_column(String(20))
    gebieden: Mapped[list[Any]] = mapped_column(default=list)
    omschrijving: Mapped[str | None] = mapped_column(Text)


class Interventie(Versioned, Base):
    """Level 2 of the uitklapmodel: an intervention a track needs, with its finance/quantity/quality account."""

    __tablename__ = "interventie"
    __table_args__ = (Index("ix_interventie_tenant_spoor_id", "tenant", "spoor_id"),)

    spoor_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("spoor.id"))
    naam: Mapped[str] = mapped_column(String(200))
    omschrijving: Mapped[str | None] = mapped_column(Text)
    verantwoording: Mapped[dict[str, Any]] = mapped_column(default=dict)


class Resultaatafspraak(Versioned, Base):
    """Level 3 of the uitklapmodel: an agreement with a partner about an intervention's results."""

    __tablename__ = "resultaatafspraak"
    __table_args__ = (Index("ix_resultaatafspraak_tenant_interventie_id", "tenant", "interventie_id"),)

    interventie_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("interventie.id"))
    partner: Mapped[str] = mapped_column(String(200))
    omschrijving: Mapped[str] = mapped_column(Text)
    verantwoording: Mapped[dict[str, Any]] = mapped_column(default=dict)


class Voortgang(Versioned, Base):
    """Progress of a track in one half year: what was realised, the update, highlighted cases."""

    __tablename__ = "voortgang"
    __table_args__ = (
        UniqueConstraint("tenant", "spoor_id", "periode"),
        Index("ix_voortgang_tenant_spoor_id", "tenant", "spoor_id"),
    )

    spoor_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("spoor.id"))
    periode: Mapped[str] = mapped_column(String(6), comment="Half year, e.g. 2020S1")
    gerealiseerd: Mapped[str | None] = mapped_column(Text)
    update_tekst: Mapped[str | None] = mapped_column(Text)
    uitgelicht: Mapped[list[Any]] = mapped_column(default=list)
    onderdelen: Mapped[list[Any]] = mapped_column(default=list, comment="The update's parts: [{titel, tekst}]")
    investeringen: Mapped[str | None] = mapped_column(Text, comment="The track's investments, as the report says")
    uitgesteld: Mapped[str | None] = mapped_column(Text, comment="Set when the track is deferred this half year: why")
    bron: Mapped[str | None] = mapped_column(Text, comment="Where the texts come from")


class Rapporttekst(Versioned, Base):
    """A chapter of a half-year report that is not per track (introduction, communication, monitoring, the finance
    narrative, the risk profile's introduction), written by staff for one half year."""

    __tablename__ = "rapporttekst"
    __table_args__ = (UniqueConstraint("tenant", "periode", "hoofdstuk"),)

    periode: Mapped[str] = mapped_column(String(6), comment="Half year, e.g. 2020S2")
    hoofdstuk: Mapped[str] = mapped_column(String(30))
    titel: Mapped[str] = mapped_column(String(200))
    onderdelen: Mapped[list[Any]] = mapped_column(default=list, comment="[{titel, tekst}] in order")
    bron: Mapped[str | None] = mapped_column(Text)


class Risico(Versioned, Base):
    """A risk of a track's risk profile. Its assessment lives in revisions; `versie` is the latest revision."""

    __tablename__ = "risico"
    __table_args__ = (Index("ix_risico_tenant_spoor_id", "tenant", "spoor_id"),)

    spoor_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("spoor.id"))
    titel: Mapped[str] = mapped_column(String(200))


class RisicoRevisie(TenantMixin, Base):
    """One assessment of a risk (twice a year). Append-only: a revision never overwrites the previous one."""

    __tablename__ = "risico_revisie"
    __table_args__ = (
        UniqueConstraint("tenant", "risico_id", "versie"),
        Index("ix_risico_revisie_tenant_risico_id", "tenant", "risico_id"),
    )

    id: Mapped[uuid.UUID] = mapped_column(primary_key=True, default=uuid.uuid4)
    risico_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("risico.id"))
    versie: Mapped[int] = mapped_column(Integer)
    periode: Mapped[str] = mapped_column(String(6))
    onderdelen: Mapped[list[Any]] = mapped_column(default=list)
    weging: Mapped[str | None] = mapped_column(String(10))
    bedrag_cent: Mapped[int | None] = mapped_column(BigInteger)
    toelichting: Mapped[str] = mapped_column(Text)
    kans: Mapped[int | None] = mapped_column(Integer, comment="Likelihood 1-5, if judged")
    impact: Mapped[int | None] = mapped_column(Integer, comment="Impact 1-5, if judged")
    beheersmaatregelen: Mapped[list[Any]] = mapped_column(default=list, comment="How the risk is mitigated")
    eigenaar: Mapped[str | None] = mapped_column(String(200), comment="Who owns the risk")
    herzien_op: Mapped[datetime] = mapped_column(DateTime(timezone=True), server_default=func.now())


class Maatregel(Versioned, Base):
    """A measure of a programme (e.g. W4 of the Interventieplan 2018): its intended effect, phases and steps, savings
    prognosis, costs and their cover, risks, participation and what became of it (council proposal `003_…`)."""

    __tablename__ = "maatregel"
    __table_args__ = (UniqueConstraint("tenant", "code"),)

    code: Mapped[str] = mapped_column(String(20), comment="The programme's own code, e.g. W4")
    naam: Mapped[str] = mapped_column(String(200))
    programma: Mapped[str] = mapped_column(String(200), comment="The programme it is a measure of")
    scenario: Mapped[str | None] = mapped_column(String(100))
    beoogd_effect: Mapped[str | None] = mapped_column(Text)
    sporen: Mapped[list[Any]] = mapped_column(default=list, comment="Numbers of the tracks it serves")
    ambities: Mapped[list[Any]] = mapped_column(default=list, comment="Numbers of the ambitions it serves")
    fasen: Mapped[list[Any]] = mapped_column(default=list, comment="[{naam, van, tot, status, stappen: [...]}]")
    besparingsprognose: Mapped[list[Any]] = mapped_column(default=list, comment="[{jaar, bedragCent, besparingslijn}]")
    kosten: Mapped[list[Any]] = mapped_column(default=list, comment="[{jaar, bedragCent, omschrijving, dekking}]")
    risicos: Mapped[list[Any]] = mapped_column(default=list, comment="[{titel, toelichting, beheersmaatregel}]")
    participatie: Mapped[list[Any]] = mapped_column(default=list, comment="[{vorm, wanneer, toelichting}]")
    vergelijkbare_gemeenten: Mapped[list[Any]] = mapped_column(default=list)
    besluit: Mapped[str | None] = mapped_column(Text, comment="What the council decided")
    uitkomst: Mapped[dict[str, Any] | None] = mapped_column(comment="{soort, spoor, besluit, datum, toelichting}")
    bron: Mapped[str | None] = mapped_column(Text)


class Ontwikkeling(Versioned, Base):
    """A development around the agenda: a trend, a national programme or law, a financial frame, with its dates,
    source, the tracks and indicators it touches and the direction expected."""

    __tablename__ = "ontwikkeling"

    soort: Mapped[str] = mapped_column(String(20))
    titel: Mapped[str] = mapped_column(String(200))
    omschrijving: Mapped[str] = mapped_column(Text)
    verwacht_effect: Mapped[str | None] = mapped_column(Text)
    aangekondigd_op: Mapped[date | None] = mapped_column(Date)
    in_werking_op: Mapped[date | None] = mapped_column(Date)
    periode: Mapped[str] = mapped_column(String(6), comment="When it was recorded (entered the report), e.g. 2023S2")
    sporen: Mapped[list[Any]] = mapped_column(default=list)
    indicatoren: Mapped[list[Any]] = mapped_column(default=list)
    richting: Mapped[str | None] = mapped_column(String(20), comment="toename/afname of what it touches, if said")
    bron: Mapped[str] = mapped_column(Text)


class Les(Versioned, Base):
    """A lesson learned, or a result of a period (of a movement or track), with where it was learned and what
    changes because of it."""

    __tablename__ = "les"

    soort: Mapped[str] = mapped_column(String(20), comment="les or resultaat")
    periode: Mapped[str] = mapped_column(String(6))
    titel: Mapped[str] = mapped_column(String(200))
    tekst: Mapped[str] = mapped_column(Text)
    geleerd_bij: Mapped[list[Any]] = mapped_column(default=list, comment="Where it was learned (pilots, teams)")
    wat_verandert: Mapped[str | None] = mapped_column(Text)
    beweging: Mapped[str | None] = mapped_column(String(1))
    spoor: Mapped[int | None] = mapped_column(Integer)
    bron: Mapped[str] = mapped_column(Text)


class Spoorstand(TenantMixin, Base):
    """A track's state in a period (active, changed scope, completed, evaluated): append-only, so 2023's stands beside
    2019's."""

    __tablename__ = "spoorstand"
    __table_args__ = (
        UniqueConstraint("tenant", "spoor_id", "periode"),
        Index("ix_spoorstand_tenant_spoor_id", "tenant", "spoor_id"),
    )

    id: Mapped[uuid.UUID] = mapped_column(primary_key=True, default=uuid.uuid4)
    spoor_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("spoor.id"))
    periode: Mapped[str] = mapped_column(String(6))
    status: Mapped[str] = mapped_column(String(20))
    omschrijving: Mapped[str | None] = mapped_column(Text, comment="The scope as it stands now")
    datum: Mapped[date | None] = mapped_column(Date)
    bron: Mapped[str] = mapped_column(Text)
    vastgelegd_op: Mapped[datetime] = mapped_column(DateTime(timezone=True), server_default=func.now())


class Wijziging(TenantMixin, Base):
    """History: the full state of a versioned thing after each change (append-only)."""

    __tablename__ = "wijziging"
    __table_args__ = (
        UniqueConstraint("tenant", "soort", "object_id", "versie"),
        Index("ix_wijziging_tenant_object_id", "tenant", "object_id"),
    )

    id: Mapped[int] = mapped_column(BigInteger, Identity(always=True), primary_key=True)
    soort: Mapped[str] = mapped_column(String(40))
    object_id: Mapped[uuid.UUID] = mapped_column()
    versie: Mapped[int] = mapped_column(Integer)
    actie: Mapped[str] = mapped_column(String(20))
    toestand: Mapped[dict[str, Any]] = mapped_column()
    tijdstip: Mapped[datetime] = mapped_column(DateTime(timezone=True), server_default=func.now())


# --- what the half-year report needs from other services (read models kept from their events) --------------------


class IndicatorReferentie(ReadModelMixin, Base):
    """An indicator definition as indicatoren announced it (track, level, dimension, expectation)."""

    __tablename__ = "indicator_referentie"
    __table_args__ = (
        UniqueConstraint("tenant", "code"),
        Index("ix_indicator_referentie_tenant_spoor_nummer", "tenant", "spoor_nummer"),
    )

    indicator_id: Mapped[uuid.UUID] = mapped_column(primary_key=True)
    code: Mapped[str] = mapped_column(String(60))
    naam: Mapped[str] = mapped_column(Text)
    spoor_nummer: Mapped[int | None] = mapped_column(Integer)
    niveau: Mapped[str | None] = mapped_column(String(20))
    dimensie: Mapped[str | None] = mapped_column(String(12))
    beweging: Mapped[str | None] = mapped_column(String(1))
    verwachting: Mapped[str | None] = mapped_column(Text)
    richting: Mapped[str | None] = mapped_column(String(30))
    eenheid: Mapped[str | None] = mapped_column(String(40))
    status: Mapped[str] = mapped_column(String(20))


class IndicatorReeks(ReadModelMixin, Base):
    """An indicator's municipality-wide series (latest values) and course, as indicatoren last announced them."""

    __tablename__ = "indicator_reeks"

    tenant: Mapped[str] = mapped_column(String(6), primary_key=True)
    code: Mapped[str] = mapped_column(String(60), primary_key=True)
    gebied: Mapped[str] = mapped_column(String(10))
    koers: Mapped[str] = mapped_column(String(20))
    reden: Mapped[str] = mapped_column(Text)
    waarden: Mapped[list[Any]] = mapped_column(comment="[{periode, waarde}], oldest first")
    prognoses: Mapped[list[Any]] = mapped_column(default=list, comment="[{periode, waarde, scenario, bron}]")
    wijkwaarden: Mapped[list[Any]] = mapped_column(default=list, comment="[{periode, gebied, waarde}] of wijken")


class WijkOmtrek(TenantMixin, Base):
    """A wijk of the municipality's register of a year, with its name and outline, as indicatoren announced it: what
    the half-year report draws its maps with."""

    __tablename__ = "wijk_omtrek"

    tenant: Mapped[str] = mapped_column(String(6), primary_key=True, comment="CBS code of the municipality (GM####)")
    jaar: Mapped[int] = mapped_column(Integer, primary_key=True, comment="The register's year")
    code: Mapped[str] = mapped_column(String(10), primary_key=True)
    naam: Mapped[str | None] = mapped_column(String(200))
    omtrek: Mapped[dict[str, Any] | None] = mapped_column(comment="GeoJSON geometry (WGS84)")


class FinancieelOverzicht(ReadModelMixin, Base):
    """The municipality's financial overview (Totaalopgave, target vs realised, budget lines) from financien."""

    __tablename__ = "financieel_overzicht"

    tenant: Mapped[str] = mapped_column(String(6), primary_key=True)
    inhoud: Mapped[dict[str, Any]] = mapped_column(comment="The event's data as it came")


class Iv3Cijfers(ReadModelMixin, Base):
    """The municipality's CBS Iv3 figures per track of a year and source, and its size class's, from financien."""

    __tablename__ = "iv3_cijfers"

    tenant: Mapped[str] = mapped_column(String(6), primary_key=True)
    jaar: Mapped[int] = mapped_column(Integer, primary_key=True)
    bron: Mapped[str] = mapped_column(String(20), primary_key=True)
    versie: Mapped[int] = mapped_column(BigInteger, comment="The import's moment (ms): a later import is newer")
    inhoud: Mapped[dict[str, Any]] = mapped_column(comment="The event's data as it came")


class Rapport(TenantMixin, Base):
    """A published (frozen) half-year report: its content exactly as built, and the data version it was built from."""

    __tablename__ = "rapport"
    __table_args__ = (UniqueConstraint("tenant", "periode", "versie"),)

    id: Mapped[uuid.UUID] = mapped_column(primary_key=True, default=uuid.uuid4)
    periode: Mapped[str] = mapped_column(String(6), comment="Half year, e.g. 2020S2")
    versie: Mapped[int] = mapped_column(Integer, comment="Publication number within the half year")
    dataversie: Mapped[str] = mapped_column(String(64), comment="SHA-256 of the content's data")
    inhoud: Mapped[dict[str, Any]] = mapped_column()
    gepubliceerd_op: Mapped[datetime] = mapped_column(DateTime(timezone=True), server_default=func.now())


EVENTS = event_tables(Base.metadata)
#: The audit trail of each collection of the API shows the changes of these tables' rows.
WRITES = write_tables(
    Base.metadata,
    audited={
        "sporen": Spoor,
        "bewegingen": Beweging,
        "ambities": Ambitie,
        "aandachtsgroepen": Aandachtsgroep,
        "opgaven": Opgave,
        "interventies": Interventie,
        "resultaatafspraken": Resultaatafspraak,
        "voortgang": Voortgang,
        "rapportteksten": Rapporttekst,
        "risicos": (Risico, RisicoRevisie),
        "maatregelen": Maatregel,
        "ontwikkelingen": Ontwikkeling,
        "lessen": Les,
    },
)
