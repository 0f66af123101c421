"""Request and response bodies of the indicatoren API."""

from __future__ import annotations

import uuid

from pydantic import BaseModel, ConfigDict, Field


class SpoorReferentieRead(BaseModel):
    """A track as this service knows it (kept from the sporen service's events)."""

    model_config = ConfigDict(from_attributes=True)

    spoorId: uuid.UUID = Field(validation_alias="spoor_id")
    gemeente: str = Field(validation_alias="tenant")
    nummer: int
    naam: str
    status: str
    versie: int = Field(description="Version of the track in the sporen service that this reflects.")
    eventsApplied: int = Field(validation_alias="events_applied", description="Sporen events applied to it.")
