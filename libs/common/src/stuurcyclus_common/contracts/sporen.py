"""Events of the sporen service (tracks of the reform agenda)."""

from __future__ import annotations

import uuid

from pydantic import Field

from ..events.envelope import EventData, contract


class SpoorSnapshot(EventData):
    """The identity of a track as other services need it (they keep it in their own read models)."""

    spoorId: uuid.UUID = Field(description="Id of the track in the sporen service.")
    nummer: int = Field(description="Number of the track in the agenda (1–6 in Zwolle's).")
    naam: str = Field(description="Name of the track.")
    status: str = Field(description="Status of the track, e.g. `actief`.")
    versie: int = Field(description="Version of the track after this change; increases by one per change.")


@contract("sporen", "spoor", "aangemaakt", version=1)
class SpoorAangemaakt(SpoorSnapshot):
    """A track was added to a municipality's reform agenda."""


@contract("sporen", "spoor", "gewijzigd", version=1)
class SpoorGewijzigd(SpoorSnapshot):
    """A track's identifying fields changed; carries the new state."""
