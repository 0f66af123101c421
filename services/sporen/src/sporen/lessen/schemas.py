"""Bodies of lessons learned and results of a period."""

from __future__ import annotations

from typing import Annotated, Literal

from pydantic import Field, StrictInt
from stuurcyclus_common.schemas import Body

from ..shared.schemas import Halfjaar, Naam, Regel, Resource, Tekst

Soort = Literal["les", "resultaat"]


class LesCreate(Body):
    soort: Soort = Field(description="`les` (what was learned) or `resultaat` (what a movement or track achieved).")
    periode: Halfjaar
    titel: Naam
    tekst: Tekst
    geleerd_bij: Annotated[list[Naam], Field(max_length=20)] = Field(
        default=[], description="Where it was learned: pilots, teams, programmes."
    )
    wat_verandert: Tekst | None = Field(default=None, description="What changes because of it.")
    beweging: Literal["A", "B", "C", "D"] | None = None
    spoor: Annotated[StrictInt, Field(ge=1, le=6)] | None = None
    bron: Regel


class LesUpdate(Body):
    tekst: Tekst | None = None
    geleerd_bij: Annotated[list[Naam], Field(max_length=20)] | None = None
    wat_verandert: Tekst | None = None
    versie: StrictInt | None = Field(default=None, ge=1)


class LesRead(Resource):
    soort: str
    periode: str
    titel: str
    tekst: str
    geleerd_bij: list[str]
    wat_verandert: str | None
    beweging: str | None
    spoor: int | None
    bron: str
