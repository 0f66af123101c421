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


@contract("indicatoren", "koers", "gewijzigd", version=1)
class KoersGewijzigd(EventData):
    """An indicator's course in an area changed (e.g. from on course to off course) after new measurements."""

    indicator: str
    gebied: str
    van: str | None = Field(description="The previous status (null: never judged before).")
    naar: str = Field(description="op-koers / uit-koers / onvoldoende-data / geen-verwachting")
    reden: str
    helling: str | None = Field(default=None, description="Least-squares slope per period (decimal string).")


class IndicatorSnapshot(EventData):
    indicatorId: uuid.UUID
    code: str
    naam: str
    spoor: int | None = None
    eenheid: str | None = None
    status: str
    versie: int


@contract("indicatoren", "indicator", "vastgelegd", version=1)
class IndicatorenVastgelegd(EventData):
    """Indicator definitions were added or changed (one event per request, seed or catalogue import)."""

    indicatoren: list[IndicatorSnapshot]
