"""Bodies of prognoses: a future value of an indicator, with its source, date and scenario."""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal
from typing import Literal

from pydantic import Field, field_validator
from stuurcyclus_common.schemas import Body, Getal, Out

from ..shared.schemas import Gebied, Periode, Tekst

Scenario = Literal["laag", "midden", "hoog"]


class PrognoseSet(Body):
    periode: Periode = Field(description="The future period it is for: `2030`, `2040S1`, `204001` (1 January 2040).")
    gebied: Gebied = Field(description="CBS area code.")
    waarde: Decimal = Field(max_digits=20, decimal_places=6)
    scenario: Scenario | None = Field(default=None, description="Where the source gives scenarios; else none.")
    gemaakt_op: date | None = Field(
        default=None,
        description="When the prognosis was made, if the source says.",
        json_schema_extra={"format": "date"},
    )
    bron: Tekst


class PrognoseRead(Out):
    periode: str
    gebied: str
    waarde: Getal
    scenario: Scenario | None
    gemaakt_op: date | None
    bron: str
    vastgelegd_op: datetime

    @field_validator("scenario", mode="before")
    @classmethod
    def _one_figure(cls, value: str | None) -> str | None:
        return value or None  # stored as '' where the source gives one figure
