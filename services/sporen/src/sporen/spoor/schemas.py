"""Bodies of a track: its problem, target group, financial frame, interfaces."""

from __future__ import annotations

import uuid
from datetime import date, datetime
from typing import Annotated, Literal

from pydantic import Field, StrictInt, StringConstraints
from stuurcyclus_common.schemas import Body, Cent, Out

from ..risicos.schemas import RisicoRead
from ..shared.schemas import Halfjaar, Naam, Regel, Regels, Resource, Tekst, Verantwoording
from ..uitklapmodel.schemas import InterventieRead
from ..voortgang.schemas import VoortgangRead

SpoorStatus = Literal["in-voorbereiding", "actief", "afgerond"]


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


Stand = Literal["actief", "gewijzigd", "afgerond", "geevalueerd"]


class SpoorstandCreate(Body):
    periode: Halfjaar = Field(description="The half year the state holds from, e.g. `2023S2`.")
    status: Stand = Field(description="`actief`, `gewijzigd` (its scope changed), `afgerond` or `geevalueerd`.")
    omschrijving: Tekst | None = Field(default=None, description="The scope as it stands now (for `gewijzigd`).")
    datum: date | None = Field(
        default=None,
        description="When it was completed or evaluated, where known.",
        json_schema_extra={"format": "date"},
    )
    bron: Regel


class SpoorstandRead(Out):
    id: uuid.UUID
    spoor_id: uuid.UUID
    periode: str
    status: Stand
    omschrijving: str | None
    datum: date | None = Field(json_schema_extra={"format": "date"})
    bron: str
    vastgelegd_op: datetime
