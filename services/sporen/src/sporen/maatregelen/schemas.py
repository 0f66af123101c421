"""Bodies of a programme's measure: its intended effect, phases and steps with their months, savings prognosis,
costs and their cover, risks with their mitigation, participation, peers and what became of it."""

from __future__ import annotations

from datetime import date
from typing import Annotated, Literal

from pydantic import Field, StrictInt, StringConstraints
from stuurcyclus_common.schemas import Body, Cent, Jaar

from ..shared.schemas import Naam, Regel, Resource, Tekst

#: A month (`2019-01`) or, where the source gives only that, a year (`2019`).
Maand = Annotated[str, StringConstraints(pattern=r"^\d{4}(-(0[1-9]|1[0-2]))?$"), Field(examples=["2019-01", "2019"])]
Voortgang = Literal["gepland", "lopend", "afgerond"]
UitkomstSoort = Literal["lopend", "voortgezet", "opgenomen-in-spoor", "gestopt"]
SpoorNummer = Annotated[StrictInt, Field(ge=1, le=6)]


class Stap(Body):
    naam: Naam
    van: Maand | None = None
    tot: Maand | None = None
    status: Voortgang | None = None
    onderdelen: Annotated[list[Regel], Field(max_length=50)] = []


class MaatregelFase(Body):
    naam: Naam
    van: Maand | None = None
    tot: Maand | None = None
    status: Voortgang | None = None
    toelichting: Tekst | None = None
    stappen: Annotated[list[Stap], Field(max_length=30)] = []


class Prognosebedrag(Body):
    jaar: Jaar
    bedrag_cent: Cent
    besparingslijn: Naam | None = Field(default=None, description="Code of the savings line it became, if any.")


class Kostenpost(Body):
    jaar: Jaar
    bedrag_cent: Cent
    omschrijving: Regel | None = None
    dekking: Regel = Field(description="Which reserve or budget pays it (the cover), e.g. a reserve.")


class MaatregelRisico(Body):
    titel: Naam
    toelichting: Tekst | None = None
    beheersmaatregel: Tekst | None = Field(default=None, description="How the risk is mitigated.")


class Participatievorm(Body):
    vorm: Naam = Field(description="E.g. klankbordgroep, burgerpanel, innovatietafel.")
    wanneer: Regel | None = None
    toelichting: Tekst | None = None


class Uitkomst(Body):
    soort: UitkomstSoort
    spoor: SpoorNummer | None = Field(default=None, description="The track it was absorbed into, if so.")
    besluit: Regel | None = None
    datum: date | None = Field(default=None, json_schema_extra={"format": "date"})
    toelichting: Tekst | None = None


class MaatregelFields(Body):
    naam: Naam
    programma: Naam = Field(description="The programme it is a measure of, e.g. the Interventieplan 2018.")
    scenario: Naam | None = None
    beoogd_effect: Tekst | None = None
    sporen: Annotated[list[SpoorNummer], Field(max_length=6)] = []
    ambities: Annotated[list[Annotated[StrictInt, Field(ge=1, le=10)]], Field(max_length=10)] = []
    fasen: Annotated[list[MaatregelFase], Field(max_length=20)] = []
    besparingsprognose: Annotated[list[Prognosebedrag], Field(max_length=30)] = []
    kosten: Annotated[list[Kostenpost], Field(max_length=30)] = []
    risicos: Annotated[list[MaatregelRisico], Field(max_length=30)] = []
    participatie: Annotated[list[Participatievorm], Field(max_length=30)] = []
    vergelijkbare_gemeenten: Annotated[list[Naam], Field(max_length=30)] = Field(
        default=[], description="Peer municipalities the measure names."
    )
    besluit: Tekst | None = Field(default=None, description="What the council decided.")
    uitkomst: Uitkomst | None = None
    bron: Regel | None = None


class MaatregelCreate(MaatregelFields):
    code: Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=20)] = Field(
        description="The programme's own code, e.g. `W4`."
    )


class MaatregelUpdate(Body):
    naam: Naam | None = None
    scenario: Naam | None = None
    beoogd_effect: Tekst | None = None
    sporen: Annotated[list[SpoorNummer], Field(max_length=6)] | None = None
    fasen: Annotated[list[MaatregelFase], Field(max_length=20)] | None = None
    besparingsprognose: Annotated[list[Prognosebedrag], Field(max_length=30)] | None = None
    kosten: Annotated[list[Kostenpost], Field(max_length=30)] | None = None
    risicos: Annotated[list[MaatregelRisico], Field(max_length=30)] | None = None
    participatie: Annotated[list[Participatievorm], Field(max_length=30)] | None = None
    uitkomst: Uitkomst | None = None
    bron: Regel | None = None
    versie: StrictInt | None = Field(default=None, ge=1)


class MaatregelRead(Resource):
    code: str
    naam: str
    programma: str
    scenario: str | None
    beoogd_effect: str | None
    sporen: list[int]
    ambities: list[int]
    fasen: list[MaatregelFase]
    besparingsprognose: list[Prognosebedrag]
    kosten: list[Kostenpost]
    risicos: list[MaatregelRisico]
    participatie: list[Participatievorm]
    vergelijkbare_gemeenten: list[str]
    besluit: str | None
    uitkomst: Uitkomst | None
    bron: str | None
