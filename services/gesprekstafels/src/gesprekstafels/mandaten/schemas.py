"""Bodies of the mandate table (who may decide how much) and of decisions waiting for a second decider."""

from __future__ import annotations

import uuid
from datetime import datetime
from typing import Annotated, Literal

from pydantic import Field, StringConstraints, model_validator
from stuurcyclus_common.auth import Rol
from stuurcyclus_common.schemas import Body, Cent, Out

Persoon = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=200)]


class MandaatCreate(Body):
    """A line of the mandate table: a role or a person (the token's subject) may grant or settle up to
    `maximumCent` alone (leave it out: without limit), for one ambition or overall."""

    rol: Rol | None = None
    persoon: Persoon | None = Field(default=None, description="The token's subject (`sub`) of a person.")
    ambitie_id: uuid.UUID | None = Field(default=None, description="Only for this ambition's grants.")
    maximum_cent: Cent | None = Field(default=None, description="Largest amount decided alone; none: no limit.")
    omschrijving: Annotated[str, StringConstraints(strip_whitespace=True, max_length=200)] | None = None

    @model_validator(mode="after")
    def _role_or_person(self) -> MandaatCreate:
        if (self.rol is None) == (self.persoon is None):
            raise ValueError("rol: a mandate is for a role or for a person (persoon), one of the two")
        return self


class MandaatRead(Out):
    id: uuid.UUID | None = Field(description="None for the default table (until the municipality sets its own).")
    gemeente: str
    rol: str | None
    persoon: str | None
    ambitie_id: uuid.UUID | None
    maximum_cent: int | None
    omschrijving: str | None
    standaard: bool = Field(description="The default table: the municipality has not set its own.")
    versie: int


class Wijziger(Out):
    persoon: str = Field(description="The token's subject.")
    naam: str | None = None
    rol: str


class MandaatwijzigingRead(Out):
    """A change of the mandate table: proposed by one administrator, carried out (`doorgevoerd`) when another
    confirms it. A line added keeps the change's id."""

    id: uuid.UUID
    gemeente: str = Field(validation_alias="tenant")
    soort: Literal["toevoegen", "verwijderen"]
    mandaat_id: uuid.UUID | None = Field(description="The line removed, or the line added once carried out.")
    gegevens: dict = Field(description="The line: rol or persoon, ambitieId, maximumCent, omschrijving.")
    voorgesteld_door: Wijziger
    bevestigd_door: Wijziger | None
    status: Literal["wacht", "doorgevoerd"]
    versie: int
    created_at: datetime


class Besluitvormer(Out):
    persoon: str = Field(description="The token's subject.")
    naam: str | None = None
    rol: str
    mandaat_cent: int | None = Field(description="Their mandate for this decision; none: without limit.")


class BesluitvoorstelRead(Out):
    """A grant or settlement above its first decider's mandate: it waits for a second decider with enough mandate,
    another person. Deciding it gives the decision the same id."""

    id: uuid.UUID
    gemeente: str = Field(validation_alias="tenant")
    aanvraag_id: uuid.UUID
    soort: Literal["toekenning", "vaststelling"]
    bedrag_cent: int
    eerste: Besluitvormer
    tweede: Besluitvormer | None
    status: Literal["wacht", "besloten", "afgewezen"]
    besluit_id: uuid.UUID | None
    reden: str | None
    created_at: datetime


class MedebesluitAfwijzing(Body):
    reden: Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=1000)]
