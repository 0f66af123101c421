"""Request and response bodies of the sporen API."""

from __future__ import annotations

import uuid
from typing import Annotated, Literal

from pydantic import BaseModel, ConfigDict, Field, StringConstraints

Naam = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=200)]
Tekst = Annotated[str, StringConstraints(strip_whitespace=True, max_length=20_000)]
SpoorStatus = Literal["in-voorbereiding", "actief", "afgerond"]


class SpoorCreate(BaseModel):
    model_config = ConfigDict(extra="forbid")

    nummer: int = Field(ge=1, le=99, description="Number of the track in the agenda.")
    naam: Naam = Field(description="Name of the track.")
    omschrijving: Tekst | None = Field(default=None, description="Short description.")
    status: SpoorStatus = "actief"


class SpoorUpdate(BaseModel):
    """Partial update; send only what changes. `versie` (or an `If-Match` header) guards against lost updates."""

    model_config = ConfigDict(extra="forbid")

    naam: Naam | None = None
    omschrijving: Tekst | None = None
    status: SpoorStatus | None = None
    versie: int | None = Field(default=None, ge=1, description="The version you read; required without If-Match.")


class SpoorRead(BaseModel):
    model_config = ConfigDict(from_attributes=True)

    id: uuid.UUID
    gemeente: str = Field(validation_alias="tenant", description="CBS code of the municipality.")
    nummer: int
    naam: str
    omschrijving: str | None
    status: str
    versie: int = Field(description="Increases by one with every change; echo it (or the ETag) when updating.")
