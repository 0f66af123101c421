"""Bodies of the dashboard overview: ready for a Dutch screen (labels beside codes, numbers as JSON numbers, money in
integer cents with the Dutch text beside it)."""

from __future__ import annotations

import uuid

from pydantic import BaseModel, Field
from stuurcyclus_common.schemas import Bedrag


class Besparing(BaseModel):
    jaar: int
    doel: Bedrag = Field(description="The track's own target that year (its lines not charged to the margin).")
    gerealiseerd: Bedrag | None = Field(description="Realised that year (structural and incidental), where known.")


class IndicatorKoers(BaseModel):
    code: str
    naam: str
    eenheid: str | None = Field(description="What a value counts, where the indicator says.")
    koers: str = Field(description="op-koers / uit-koers / onvoldoende-data / geen-verwachting / niet-vergelijkbaar.")
    koersLabel: str
    reden: str
    laatstePeriode: str | None
    laatsteWaarde: int | float | None = Field(description="A JSON number, as many decimals as the value has.")


class SpoorOverzicht(BaseModel):
    spoorId: uuid.UUID
    nummer: int
    naam: str
    status: str
    statusLabel: str
    besparing: Besparing | None = Field(description="From financien's overview; null before it arrived.")
    koers: dict[str, int] = Field(description="How many of the track's indicators are on each course.")
    indicatoren: list[IndicatorKoers]


class Overzicht(BaseModel):
    """Every track with its savings and its indicators' course (municipality-wide), in number order."""

    jaar: int
    sporen: list[SpoorOverzicht]
