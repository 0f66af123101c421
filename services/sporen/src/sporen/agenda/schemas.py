"""Bodies of movements, ambitions, attention groups and tasks."""

from __future__ import annotations

from typing import Annotated, Literal

from pydantic import Field, StrictInt, StringConstraints
from stuurcyclus_common.schemas import Body

from ..shared.schemas import Naam, Regels, Resource, Tekst


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
