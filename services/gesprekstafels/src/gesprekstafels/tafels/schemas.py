"""Bodies of the conversation tables and their outcomes."""

from __future__ import annotations

import uuid
from datetime import date, datetime
from typing import Annotated, Literal

from pydantic import Field, StrictInt, model_validator
from stuurcyclus_common.schemas import Body, Jaar, Out

from ..shared.types import Naam, Tekst

Rol = Literal["maatschappelijke-partner", "inwonervertegenwoordiging", "wijkteam", "gemeente-procesregisseur"]


class Deelnemer(Body):
    naam: Naam
    organisatie: Naam | None = None
    rol: Rol


class TafelCreate(Body):
    jaar: Jaar = Field(description="Year of the cycle.")
    fase: Literal["thematafels-januari", "gezamenlijke-tafel", "thematafels-oktober"]
    ambitie_id: uuid.UUID | None = Field(
        default=None, description="Required for a theme table, absent for the joint one."
    )
    titel: Naam
    datum: date
    locatie: Naam | None = None
    deelnemers: Annotated[list[Deelnemer], Field(max_length=200)] = []


class TafelUpdate(Body):
    titel: Naam | None = None
    datum: date | None = Field(default=None, json_schema_extra={"format": "date"})
    locatie: Naam | None = None
    deelnemers: Annotated[list[Deelnemer], Field(max_length=200)] | None = None
    versie: StrictInt | None = Field(default=None, description="The version you read (or send If-Match).")


class UitkomstCreate(Body):
    soort: Literal["opgave", "prioriteit", "trend", "afspraak"]
    tekst: Tekst
    rang: StrictInt | None = Field(
        default=None, ge=1, le=100, description="Rank of a priority (1 first); only priorities."
    )

    @model_validator(mode="after")
    def _rank_only_for_priorities(self) -> UitkomstCreate:
        if (self.soort == "prioriteit") != (self.rang is not None):
            raise ValueError("rang: a priority needs a rank, other outcomes have none")
        return self


class UitkomstRead(Out):
    id: uuid.UUID
    tafel_id: uuid.UUID
    soort: str
    tekst: str
    rang: int | None
    vastgelegd_op: datetime


class TafelRead(Out):
    id: uuid.UUID
    gemeente: str = Field(validation_alias="tenant")
    jaar: int
    fase: str
    soort: str
    ambitie_id: uuid.UUID | None
    titel: str
    datum: date
    locatie: str | None
    deelnemers: list[Deelnemer]
    versie: int
    uitkomsten: list[UitkomstRead] = []
    inbreng: list[UitkomstRead] = Field(
        default=[],
        description="What feeds this table: for January, the trends of last October's table of its ambition.",
    )
