"""Events of the indicatoren service."""

from __future__ import annotations

import uuid

from pydantic import Field

from ..events.envelope import EventData, contract


@contract("indicatoren", "metingen", "vastgelegd", version=1)
class MetingenVastgelegd(EventData):
    """Measurements were recorded (one event per upload or report, not per value)."""

    batchId: uuid.UUID
    indicatoren: list[str] = Field(description="Codes of the indicators that got new values or corrections.")
    nieuw: int
    gecorrigeerd: int
    herkomst: str
    leverancier: str | None = None
