"""Bodies of the register of developments: trends, national programmes and laws, financial frames."""

from __future__ import annotations

from datetime import date
from typing import Annotated, Literal

from pydantic import Field, StrictInt, StringConstraints
from stuurcyclus_common.schemas import Body

from ..shared.schemas import Halfjaar, Naam, Regel, Resource, Tekst

Soort = Literal["trend", "landelijk", "wetgeving", "financieel", "kader", "overig"]
Richting = Literal["toename", "afname", "onzeker"]
Code = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=60)]


class OntwikkelingCreate(Body):
    soort: Soort = Field(description="`trend`, `landelijk` (national), `wetgeving`, `financieel`, `kader`, `overig`.")
    titel: Naam
    omschrijving: Tekst
    verwacht_effect: Tekst | None = Field(default=None, description="What it is expected to do to the agenda.")
    aangekondigd_op: date | None = Field(default=None, json_schema_extra={"format": "date"})
    in_werking_op: date | None = Field(
        default=None,
        description="In force from (a law's intended date, if given).",
        json_schema_extra={"format": "date"},
    )
    periode: Halfjaar = Field(description="The half year it was recorded in (its report mentions it).")
    sporen: Annotated[list[Annotated[StrictInt, Field(ge=1, le=6)]], Field(max_length=6)] = []
    indicatoren: Annotated[list[Code], Field(max_length=50)] = []
    richting: Richting | None = Field(default=None, description="The direction expected of what it touches.")
    bron: Regel


class OntwikkelingUpdate(Body):
    omschrijving: Tekst | None = None
    verwacht_effect: Tekst | None = None
    aangekondigd_op: date | None = Field(default=None, json_schema_extra={"format": "date"})
    in_werking_op: date | None = None
    sporen: Annotated[list[Annotated[StrictInt, Field(ge=1, le=6)]], Field(max_length=6)] | None = None
    indicatoren: Annotated[list[Code], Field(max_length=50)] | None = None
    richting: Richting | None = None
    versie: StrictInt | None = Field(default=None, ge=1)


class OntwikkelingRead(Resource):
    soort: str
    titel: str
    omschrijving: str
    verwacht_effect: str | None
    aangekondigd_op: date | None
    in_werking_op: date | None
    periode: str
    sporen: list[int]
    indicatoren: list[str]
    richting: str | None
    bron: str
