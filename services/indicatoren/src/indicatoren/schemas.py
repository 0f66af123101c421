"""Request and response bodies of the indicatoren API (camelCase on the wire)."""

from __future__ import annotations

import uuid
from datetime import date, datetime
from decimal import Decimal
from typing import Annotated, Literal

from pydantic import BaseModel, Field, StrictInt, StringConstraints
from stuurcyclus_common.schemas import Body, Out

Code = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=60, pattern=r"^[\w.\-]+$")]
Naam = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=300)]
Tekst = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=5000)]
Periode = Annotated[str, StringConstraints(pattern=r"^\d{4}(S[12]|Q[1-4]|0[1-9]|1[0-2])?$"), Field(examples=["2024Q3"])]
Gebied = Annotated[str, StringConstraints(pattern=r"^(GM\d{4}|WK\d{6}|BU\d{8})$"), Field(examples=["BU01930101"])]
Richting = Literal["toename", "afname", "eerst-toename-dan-afname", "stabiel", "nader-te-bepalen"]
Herkomst = Literal["gemeente", "cbs", "partner"]


class Definitie(Body):
    """What the values count from a period on (and where that is said): values under different definitions are not
    compared (no course is judged across them)."""

    vanaf: Annotated[str, StringConstraints(pattern=r"^\d{4}(S[12]|Q[1-4]|(0[1-9]|1[0-2]))?$")] = Field(
        description="The first period the definition holds for, e.g. `2020`.", examples=["2020"]
    )
    omschrijving: Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=1000)] = Field(
        description="What is counted, e.g. 'cliënten die in beschermd wonen wonen (regionaal)'."
    )
    bron: Annotated[str, StringConstraints(strip_whitespace=True, max_length=300)] | None = None


class IndicatorCreate(Body):
    code: Code
    naam: Naam
    omschrijving: Annotated[str, StringConstraints(strip_whitespace=True, max_length=5000)] | None = None
    spoor_nummer: StrictInt | None = Field(default=None, ge=1, le=99)
    niveau: Literal["beweging", "interventie", "resultaatafspraak"] = "beweging"
    dimensie: Literal["financien", "kwantiteit", "kwaliteit"] | None = Field(
        default=None, description="Empty for an indicator of a movement as a whole."
    )
    beweging: Literal["A", "B", "C", "D"] | None = None
    verwachting: Tekst | None = Field(default=None, description="The expectation as written, e.g. 'afname instroom'.")
    richting: Richting = Field(description="Which way the series is expected to move.")
    eenheid: Annotated[str, StringConstraints(max_length=40)] | None = None
    decimalen: StrictInt | None = Field(default=None, ge=0, le=6)
    bron: Annotated[str, StringConstraints(max_length=200)] | None = None
    frequentie: Literal["periodiek", "doorlopend"] = "periodiek"
    status: Literal["actief", "nader-te-bepalen"] = "actief"
    aggregatie: Literal["som", "gewogen", "geen"] = Field(
        default="geen", description="How area values add up: a sum, a mean weighted by `noemerCode`, or not at all."
    )
    noemer_code: Code | None = Field(default=None, description="The indicator that weighs this one (a denominator).")
    thema: Annotated[str, StringConstraints(max_length=200)] | None = None
    definities: Annotated[list[Definitie], Field(max_length=20)] = Field(
        default=[], description="What the values count over time, oldest first; empty: one definition throughout."
    )


class IndicatorRead(Out):
    id: uuid.UUID
    gemeente: str = Field(validation_alias="tenant")
    code: str
    naam: str
    omschrijving: str | None
    spoor_nummer: int | None
    niveau: str
    dimensie: str | None
    beweging: str | None
    verwachting: str | None
    richting: str
    eenheid: str | None
    decimalen: int | None
    bron: str | None
    frequentie: str
    status: str
    aggregatie: str
    noemer_code: str | None
    thema: str | None
    definities: list[Definitie] = []
    versie: int


class MetingCreate(Body):
    indicator: Code = Field(description="Code of the indicator.")
    periode: Periode
    gebied: Gebied
    waarde: Decimal = Field(max_digits=20, decimal_places=6)
    herkomst: Herkomst = "gemeente"
    leverancier: Annotated[str, StringConstraints(max_length=200)] | None = None


class MetingRead(Out):
    indicator: str = ""
    periode: str
    gebied: str
    gebiedNaam: str | None = Field(default=None, description="The area's name, from the register.")
    waarde: Decimal
    herkomst: str
    leverancier: str | None
    versie: int
    actueel: bool
    vastgelegd_op: datetime


class IngestResult(BaseModel):
    rijen: int = Field(description="Rows read (values, for a wide table).")
    nieuw: int = Field(description="New values.")
    gecorrigeerd: int = Field(description="Corrections: a new version; the old value stays readable.")
    ongewijzigd: int = Field(description="The same value as the current one: nothing written.")
    ontbrekend: int | None = Field(
        default=None, description="Missing values skipped (`NA`, `.`, and in a wide table empty cells); shown when any."
    )


class GebiedRead(Out):
    code: str
    naam: str | None
    soort: str
    wijk: str | None = Field(description="The wijk of a buurt.")
    geldig_van: int
    geldig_tot: int | None
    sleutel: str | None = Field(description="The municipality's own key of the area (monitor exports).")


class GebiedenResult(BaseModel):
    jaar: int
    gemeente: int
    wijk: int
    buurt: int
    elders: int = Field(description="Rows of other municipalities in the file, skipped.")
    beeindigd: int = Field(description="Areas of an earlier register not in this one: valid until the year before.")


class Tabel(BaseModel):
    """Dashboard shape (as DHIS2's analytics API): column headers and rows of values."""

    headers: list[str]
    rows: list[list[str | None]]


class KoersRead(BaseModel):
    """An indicator's course in one area: the judgement and the figures it rests on."""

    indicator: str
    naam: str
    richting: str
    verwachting: str | None
    gebied: str
    periodeSoort: str | None
    van: str | None
    tot: str | None
    status: Literal["op-koers", "uit-koers", "onvoldoende-data", "geen-verwachting", "niet-vergelijkbaar"]
    reden: str
    punten: int
    eerste: Decimal | None
    laatste: Decimal | None
    verandering: Decimal | None
    veranderingRelatief: Decimal | None = Field(description="Change as a fraction of the first value.")
    helling: Decimal | None = Field(description="Least-squares slope per period.")
    reeks: list[tuple[str, Decimal]] = Field(
        default=[], description="The values of the series: [period, value], oldest first.", exclude=True
    )
    definities: list[str | None] = Field(
        default=[], description="The definition of each value of `reeks` (null: the indicator has none).", exclude=True
    )


class KoersOverzicht(BaseModel):
    """A track's indicators and their course in one area."""

    spoorNummer: int
    gebied: str
    samenvatting: dict[str, int]
    indicatoren: list[KoersRead]


class CatalogusResult(BaseModel):
    rijen: int
    nieuw: int
    bijgewerkt: int
    ongewijzigd: int


class AggregaatRead(BaseModel):
    """A value aggregated from buurten to a wijk or the municipality."""

    indicator: str
    periode: str
    gebied: str
    naam: str | None = Field(default=None, description="The area's name, from the register.")
    waarde: Decimal | None
    methode: Literal["som", "gewogen"]
    buurten: int = Field(description="Buurten that contributed.")
    zonderNoemer: int = Field(description="Buurten left out: no value of the denominator for them.")


class StreefwaardeSet(Body):
    waarde: Decimal = Field(max_digits=20, decimal_places=6)


class StreefwaardeRead(Out):
    jaar: int
    gebied: str
    waarde: Decimal


class WaarnemingCreate(Body):
    datum: date = Field(description="When it was observed.")
    spoor_nummer: StrictInt | None = Field(default=None, ge=1, le=99)
    indicator: Code | None = Field(default=None, description="Code of the indicator it is about, if any.")
    bron: Literal["gesprekstafel", "partner", "bewonerspanel", "overig"]
    bron_naam: Annotated[str, StringConstraints(strip_whitespace=True, max_length=200)] | None = None
    tekst: Tekst


class WaarnemingRead(Out):
    id: uuid.UUID
    datum: date
    spoor_nummer: int | None
    indicator: str | None = None
    bron: str
    bron_naam: str | None
    tekst: str


class Component(Body):
    """One part of an index: an indicator, or a ratio teller / noemer × factor; weighted, and which way is better."""

    indicator: Code | None = Field(default=None, description="An indicator's value…")
    teller: Code | None = Field(default=None, description="…or a ratio: numerator indicator,")
    noemer: Code | None = Field(default=None, description="denominator indicator,")
    factor: Decimal = Field(default=Decimal(1), gt=0, max_digits=12, decimal_places=6, description="and factor.")
    gewicht: Decimal = Field(gt=0, max_digits=12, decimal_places=6)
    richting: Literal["hoger-is-beter", "lager-is-beter"] = "hoger-is-beter"

    def codes(self) -> list[str]:
        return [c for c in (self.indicator, self.teller, self.noemer) if c]


class IndexCreate(Body):
    code: Code
    naam: Naam
    componenten: Annotated[list[Component], Field(min_length=1, max_length=50)]


class IndexUpdate(Body):
    naam: Naam
    componenten: Annotated[list[Component], Field(min_length=1, max_length=50)]


class IndexRead(Out):
    code: str
    versie: int
    naam: str
    componenten: list[Component]
    vastgelegd_op: datetime


class IndexOnderdeel(BaseModel):
    onderdeel: int = Field(description="Which component of the definition (1 first).")
    ruw: Decimal = Field(description="Its raw value: the indicator's, or the ratio (e.g. observed / expected).")
    score: Decimal = Field(description="Normalised 0–100 over the areas.")
    gewicht: Decimal


class IndexWaarde(BaseModel):
    gebied: str
    naam: str | None = Field(default=None, description="The area's name, from the register.")
    waarde: Decimal | None = Field(description="0–100: the weighted mean of the normalised components present.")
    ruw: Decimal | None = Field(default=None, description="The weighted mean of the components' raw values.")
    componenten: int = Field(description="Components with a value for this area.")
    onderdelen: list[IndexOnderdeel] = []


class IndexUitkomst(BaseModel):
    code: str
    versie: int = Field(description="The definition version used.")
    periode: str
    niveau: str
    gewogenDoor: str | None = Field(default=None, description="Wijk values from buurten, weighted by this indicator.")
    waarden: list[IndexWaarde]
