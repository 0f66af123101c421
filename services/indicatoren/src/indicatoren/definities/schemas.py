"""Bodies of indicator definitions (Bijlage 1, the neighbourhood-monitor catalogue)."""

from __future__ import annotations

import uuid
from typing import Annotated, Literal

from pydantic import BaseModel, Field, StrictInt, StringConstraints
from stuurcyclus_common.schemas import Body, Out

from ..shared.schemas import Code, Naam, Tekst

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


class CatalogusResult(BaseModel):
    rijen: int
    nieuw: int
    bijgewerkt: int
    ongewijzigd: int
