"""Request and response bodies of the sporen API (camelCase on the wire, snake_case in Python).

Money is integer euro cents (`…Cent`), never a float: € 2.65 mln is `265000000`.
"""

from __future__ import annotations

import uuid
from datetime import datetime
from enum import StrEnum
from typing import Annotated, Literal

from pydantic import Field, StrictInt, StringConstraints
from stuurcyclus_common.schemas import Body, Cent, Out

Naam = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=200)]
Regel = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=1000)]
Tekst = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=20_000)]
Regels = Annotated[list[Regel], Field(max_length=100)]
Halfjaar = Annotated[str, StringConstraints(pattern=r"^\d{4}S[12]$"), Field(examples=["2020S2"])]
SpoorStatus = Literal["in-voorbereiding", "actief", "afgerond"]
Weging = Literal["hoog", "midden", "laag"]
#: The four parts a risk is scored on (section 10 of the half-year report).
Onderdeel = Literal["toegang-open-einderegelingen", "verantwoording-door-derden", "rijksbudgetten", "overige"]


class Doelgroep(Body):
    omschrijving: Tekst | None = Field(default=None, description="Who the track is for (*voor wie*).")
    kenmerken: Regels = Field(default=[], description="Figures and particulars, e.g. 'Aantal nu: ca. 1200 regionaal'.")


class FinancieelKader(Body):
    """The financial frame of a track: the text as written, and its figures."""

    toelichting: Tekst | None = Field(default=None, description="The frame as written in the source.")
    budget_cent: Cent | None = None
    budget_omschrijving: Regel | None = Field(default=None, description="What the budget is, e.g. 'Budget regionaal'.")
    besparing_totaal_cent: Cent | None = Field(default=None, description="Total (original) savings target.")
    gerealiseerd_cent: Cent | None = Field(default=None, description="Savings realised so far, in total.")
    gerealiseerd_structureel_cent: Cent | None = None
    gerealiseerd_incidenteel_cent: Cent | None = None
    nog_te_realiseren_cent: Cent | None = None
    realisatie_periode: Annotated[str, StringConstraints(pattern=r"^\d{4}-\d{4}$")] | None = Field(
        default=None, description="Years over which the rest is to be realised, e.g. '2020-2024'."
    )


class Verantwoording(Body):
    """The account the uitklapmodel asks at every level: finance, quantity, quality."""

    financien: Tekst | None = None
    kwantiteit: Tekst | None = None
    kwaliteit: Tekst | None = None


class RaakvlakIn(Body):
    spoor_id: uuid.UUID = Field(description="The other track.")
    reden: Regel = Field(description="Why the tracks touch, e.g. 'activatie, contacten'.")


class RaakvlakRead(Out):
    spoor_id: uuid.UUID
    nummer: int
    naam: str
    reden: str


class SpoorFields(Body):
    omschrijving: Tekst | None = None
    status: SpoorStatus = "actief"
    probleem: Tekst | None = None
    hervormingen: Regels = []
    doelgroep: Doelgroep = Doelgroep()
    financieel_kader: FinancieelKader = FinancieelKader()
    stakeholders: Regels = []
    gewenste_resultaten: Regels = []
    uitdagingen: Regels = Field(default=[], description="Challenges and risks (*uitdagingen/risico's*).")
    beinvloedbaar: Regels = Field(default=[], description="Factors the municipality can influence.")
    niet_beinvloedbaar: Regels = Field(default=[], description="Factors it cannot, or only partly, influence.")
    verantwoording: Verantwoording = Verantwoording()
    raakvlakken: Annotated[list[RaakvlakIn], Field(max_length=20)] = []


class SpoorCreate(SpoorFields):
    nummer: StrictInt = Field(ge=1, le=99, description="Number of the track in the agenda.")
    naam: Naam


class SpoorUpdate(Body):
    """Partial update; send only what changes. `versie` (or an `If-Match` header) guards against lost updates."""

    naam: Naam | None = None
    omschrijving: Tekst | None = None
    status: SpoorStatus | None = None
    probleem: Tekst | None = None
    hervormingen: Regels | None = None
    doelgroep: Doelgroep | None = None
    financieel_kader: FinancieelKader | None = None
    stakeholders: Regels | None = None
    gewenste_resultaten: Regels | None = None
    uitdagingen: Regels | None = None
    beinvloedbaar: Regels | None = None
    niet_beinvloedbaar: Regels | None = None
    verantwoording: Verantwoording | None = None
    raakvlakken: Annotated[list[RaakvlakIn], Field(max_length=20)] | None = None
    versie: StrictInt | None = Field(default=None, ge=1, description="The version you read; required without If-Match.")


class Resource(Out):
    id: uuid.UUID
    gemeente: str = Field(validation_alias="tenant", description="CBS code of the municipality.")
    versie: int = Field(description="Increases by one with every change; echo it (or the ETag) when updating.")


class SpoorRead(Resource):
    nummer: int
    naam: str
    omschrijving: str | None
    status: str
    probleem: str | None
    hervormingen: list[str]
    doelgroep: Doelgroep
    financieel_kader: FinancieelKader
    stakeholders: list[str]
    gewenste_resultaten: list[str]
    uitdagingen: list[str]
    beinvloedbaar: list[str]
    niet_beinvloedbaar: list[str]
    verantwoording: Verantwoording
    raakvlakken: list[RaakvlakRead] = []
    interventies: list[InterventieRead] | None = Field(default=None, description="With `expand=interventies`.")
    voortgang: list[VoortgangRead] | None = Field(default=None, description="With `expand=voortgang`.")
    risicos: list[RisicoRead] | None = Field(default=None, description="With `expand=risicos`.")


class BewegingCreate(Body):
    code: Annotated[str, StringConstraints(pattern=r"^[A-Z]$")] = Field(description="Letter of the movement, A–D.")
    naam: Naam
    omschrijving: Tekst | None = None
    beoogde_effecten: Regels = []
    goede_voorbeelden: Regels = []


class BewegingUpdate(Body):
    naam: Naam | None = None
    omschrijving: Tekst | None = None
    beoogde_effecten: Regels | None = None
    goede_voorbeelden: Regels | None = None
    versie: StrictInt | None = Field(default=None, ge=1)


class BewegingRead(Resource):
    code: str
    naam: str
    omschrijving: str | None
    beoogde_effecten: list[str]
    goede_voorbeelden: list[str]


class AmbitieCreate(Body):
    nummer: StrictInt = Field(ge=1, le=99)
    naam: Naam
    doelen: Regels = []
    subsidiabele_activiteiten: Regels = Field(default=[], description="Examples of activities that can be subsidised.")
    huidige_dienstverlening: Regels = Field(default=[], description="Examples from the current services.")


class AmbitieUpdate(Body):
    naam: Naam | None = None
    doelen: Regels | None = None
    subsidiabele_activiteiten: Regels | None = None
    huidige_dienstverlening: Regels | None = None
    versie: StrictInt | None = Field(default=None, ge=1)


class AmbitieRead(Resource):
    nummer: int
    naam: str
    doelen: list[str]
    subsidiabele_activiteiten: list[str]
    huidige_dienstverlening: list[str]


class AandachtsgroepCreate(Body):
    naam: Naam
    volgorde: StrictInt = Field(default=0, ge=0, le=1000)
    omschrijving: Tekst | None = None


class AandachtsgroepRead(Resource):
    naam: str
    volgorde: int
    omschrijving: str | None


class OpgaveCreate(Body):
    jaar: StrictInt = Field(ge=2000, le=2100)
    naam: Naam
    soort: Literal["stad", "wijk", "stad-en-wijk"] = "stad-en-wijk"
    gebieden: Annotated[
        list[Annotated[str, StringConstraints(pattern=r"^(GM\d{4}|WK\d{6}|BU\d{8})$")]], Field(max_length=200)
    ] = Field(default=[], description="CBS area codes the task applies to (empty: the whole city).")
    omschrijving: Tekst | None = None


class OpgaveRead(Resource):
    jaar: int
    naam: str
    soort: str
    gebieden: list[str]
    omschrijving: str | None


class InterventieCreate(Body):
    naam: Naam
    omschrijving: Tekst | None = None
    verantwoording: Verantwoording = Verantwoording()


class InterventieUpdate(Body):
    naam: Naam | None = None
    omschrijving: Tekst | None = None
    verantwoording: Verantwoording | None = None
    versie: StrictInt | None = Field(default=None, ge=1)


class InterventieRead(Resource):
    spoor_id: uuid.UUID
    naam: str
    omschrijving: str | None
    verantwoording: Verantwoording


class ResultaatafspraakCreate(Body):
    partner: Naam = Field(description="The partner organisation the agreement is made with.")
    omschrijving: Tekst
    verantwoording: Verantwoording = Verantwoording()


class ResultaatafspraakUpdate(Body):
    partner: Naam | None = None
    omschrijving: Tekst | None = None
    verantwoording: Verantwoording | None = None
    versie: StrictInt | None = Field(default=None, ge=1)


class ResultaatafspraakRead(Resource):
    interventie_id: uuid.UUID
    partner: str
    omschrijving: str
    verantwoording: Verantwoording


class Uitgelicht(Body):
    titel: Naam
    tekst: Tekst
    bron: Regel | None = None


class Tekstdeel(Body):
    """A part of a chapter: an optional heading and its text (paragraphs separated by an empty line)."""

    titel: Naam | None = Field(default=None, description="The part's heading, e.g. 'Preventie'.")
    tekst: Tekst


Tekstdelen = Annotated[list[Tekstdeel], Field(max_length=40)]


class VoortgangCreate(Body):
    periode: Halfjaar = Field(description="Half year, e.g. `2020S1`.")
    gerealiseerd: Tekst | None = Field(default=None, description="What was realised this half year.")
    update_tekst: Tekst | None = Field(default=None, description="The update's opening words.")
    onderdelen: Tekstdelen = Field(default=[], description="The update in parts, each with its heading.")
    uitgelicht: Annotated[list[Uitgelicht], Field(max_length=20)] = Field(default=[], description="Highlighted cases.")
    investeringen: Tekst | None = Field(default=None, description="The track's investments (*Investeringen*).")
    uitgesteld: Regel | None = Field(
        default=None, description="Set when the track is deferred this half year: one line saying why and until when."
    )
    bron: Regel | None = Field(default=None, description="Where the texts come from.")


class VoortgangUpdate(Body):
    gerealiseerd: Tekst | None = None
    update_tekst: Tekst | None = None
    onderdelen: Tekstdelen | None = None
    uitgelicht: Annotated[list[Uitgelicht], Field(max_length=20)] | None = None
    investeringen: Tekst | None = None
    uitgesteld: Regel | None = None
    bron: Regel | None = None
    versie: StrictInt | None = Field(default=None, ge=1)


class VoortgangRead(Resource):
    spoor_id: uuid.UUID
    periode: str
    gerealiseerd: str | None
    update_tekst: str | None
    onderdelen: list[Tekstdeel]
    uitgelicht: list[Uitgelicht]
    investeringen: str | None
    uitgesteld: str | None
    bron: str | None


class Hoofdstuk(StrEnum):
    """The chapters of a half-year report that are not per track, in the report's order."""

    INLEIDING = "inleiding"
    COMMUNICATIE = "communicatie"
    MONITORING = "monitoring"
    FINANCIEN = "financien"
    RISICOPROFIEL = "risicoprofiel"


#: The heading a chapter gets when its text gives none.
HOOFDSTUK_TITELS = {
    Hoofdstuk.INLEIDING: "Inleiding",
    Hoofdstuk.COMMUNICATIE: "Communicatie",
    Hoofdstuk.MONITORING: "Monitoring",
    Hoofdstuk.FINANCIEN: "Financiën hervormingsagenda",
    Hoofdstuk.RISICOPROFIEL: "Risicoprofiel hervormingsagenda",
}


class RapporttekstCreate(Body):
    periode: Halfjaar = Field(description="Half year the text is written for, e.g. `2020S2`.")
    hoofdstuk: Hoofdstuk = Field(description="Which chapter: " + ", ".join(f"`{h.value}`" for h in Hoofdstuk) + ".")
    titel: Naam | None = Field(default=None, description="The chapter's heading; default the chapter's usual one.")
    onderdelen: Annotated[list[Tekstdeel], Field(min_length=1, max_length=40)]
    bron: Regel | None = Field(default=None, description="Where the text comes from.")


class RapporttekstUpdate(Body):
    titel: Naam | None = None
    onderdelen: Annotated[list[Tekstdeel], Field(min_length=1, max_length=40)] | None = None
    bron: Regel | None = None
    versie: StrictInt | None = Field(default=None, ge=1)


class RapporttekstRead(Resource):
    periode: str
    hoofdstuk: Hoofdstuk
    titel: str
    onderdelen: list[Tekstdeel]
    bron: str | None


class Beoordeling(Body):
    """An assessment of a risk: the parts it is scored on, its weight and size."""

    periode: Halfjaar = Field(description="Half year of the assessment, e.g. `2020S2`.")
    onderdelen: Annotated[list[Onderdeel], Field(min_length=1, max_length=4)]
    weging: Weging | None = Field(default=None, description="hoog/midden/laag; empty where not (yet) weighed.")
    bedrag_cent: Cent | None = Field(default=None, description="Size of the risk in euro cents, if quantified.")
    toelichting: Tekst


class RisicoCreate(Beoordeling):
    titel: Naam


class RisicoRevisieCreate(Beoordeling):
    """A new assessment of an existing risk; `versie` (or If-Match) is the revision you saw."""

    versie: StrictInt | None = Field(default=None, ge=1)


class RisicoRevisieRead(Out):
    versie: int
    periode: str
    onderdelen: list[str]
    weging: str | None
    bedrag_cent: int | None
    toelichting: str
    herzien_op: datetime


class RisicoRead(Resource):
    spoor_id: uuid.UUID
    titel: str
    huidig: RisicoRevisieRead = Field(description="The latest revision.")


class WijzigingRead(Out):
    versie: int
    actie: str
    tijdstip: datetime
    toestand: dict = Field(description="The full state after this change, as the API returned it then.")


SpoorRead.model_rebuild()


# --- the half-year report -------------------------------------------------------------------------------------------


class RapportWaarde(Out):
    periode: str
    waarde: str
    definitie: str | None = Field(default=None, description="What the value counts, where the indicator says.")


class RapportIndicator(Out):
    code: str
    indicator: str = Field(description="The indicator as written in the source.")
    niveau: str | None
    dimensie: str | None
    beweging: str | None
    verwachting: str | None = Field(description="The expectation as written.")
    richting: str | None
    status: str
    laatste_waarden: list[RapportWaarde] = Field(description="Municipality-wide, oldest first (at most 8).")
    koers: str | None = Field(
        description="op-koers / uit-koers / onvoldoende-data / geen-verwachting / niet-vergelijkbaar (values of "
        "different definitions); null: no data."
    )
    koers_reden: str | None


class RapportRisico(Out):
    risico_id: uuid.UUID
    titel: str
    wijziging: Literal["nieuw", "herzien"]
    huidig: RisicoRevisieRead
    vorige: RisicoRevisieRead | None = Field(description="The assessment of the previous report, if any.")


class RapportSpoor(Out):
    samenvatting: SpoorRead = Field(description="The summary block: problem, reforms, finance, stakeholders, links.")
    gerealiseerd: VoortgangRead | None = Field(
        default=None, description="The latest record up to this half year that says what was realised (summary box)."
    )
    voortgang: VoortgangRead | None = Field(description="The latest progress update up to this half year.")
    indicatoren: list[RapportIndicator]
    risicos: list[RapportRisico] = Field(description="Risk profiles changed since the previous report only.")


class Halfjaarrapportage(Out):
    gemeente: str
    gemeentenaam: str | None = Field(default=None, description="The municipality's name (CBS list).")
    periode: str = Field(description="Half year, e.g. `2020S2`.")
    titel: str
    status: Literal["concept", "vastgesteld"] = Field(
        default="concept", description="`concept`: built from the data as it is now; `vastgesteld`: published, frozen."
    )
    vastgesteld_op: datetime | None = Field(default=None, description="When it was published; null for a draft.")
    gegenereerd_op: datetime | None = Field(
        default=None,
        description="When a published report was frozen (= `vastgesteldOp`); null for a draft: the moment of reading "
        "is no part of the report, so the same data gives the same bytes and ETag.",
    )
    dataversie: str = Field(description="SHA-256 of the data the report was built from (not of this timestamp).")
    teksten: list[RapporttekstRead] = Field(
        default=[], description="The chapters staff wrote for this half year (introduction, communication, …)."
    )
    bronnen: dict[str, int] = Field(description="Versions of the read models it used (financien's overview, …).")
    sporen: list[RapportSpoor]
    financien: dict | None = Field(description="financien's overview (Totaalopgave, target vs realised, budget lines).")
    iv3: dict | None = Field(
        default=None, description="The latest CBS Iv3 figures per track and of the size class (financien's event)."
    )


class PublicatieRead(Out):
    id: uuid.UUID
    gemeente: str = Field(validation_alias="tenant")
    periode: str
    versie: int
    dataversie: str
    gepubliceerd_op: datetime
