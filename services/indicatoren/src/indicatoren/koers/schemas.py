"""Bodies of the course per indicator and per track."""

from __future__ import annotations

from decimal import Decimal
from typing import Literal

from pydantic import BaseModel, Field
from stuurcyclus_common.schemas import Getal


class KoersRead(BaseModel):
    """An indicator's course in one area: the judgement and the figures it rests on."""

    indicator: str
    naam: str
    richting: str
    verwachting: str | None
    gebied: str
    periodeSoort: str | None
    van: str | None
    tot: str | None
    status: Literal["op-koers", "uit-koers", "onvoldoende-data", "geen-verwachting", "niet-vergelijkbaar"]
    reden: str
    punten: int
    eerste: Getal | None
    laatste: Getal | None
    verandering: Getal | None
    veranderingRelatief: Getal | None = Field(description="Change as a fraction of the first value.")
    helling: Getal | None = Field(description="Least-squares slope per period.")
    reeks: list[tuple[str, Decimal]] = Field(
        default=[], description="The values of the series: [period, value], oldest first.", exclude=True
    )
    definities: list[str | None] = Field(
        default=[], description="The definition of each value of `reeks` (null: the indicator has none).", exclude=True
    )


class KoersOverzicht(BaseModel):
    """A track's indicators and their course in one area."""

    spoorNummer: int
    gebied: str
    samenvatting: dict[str, int]
    indicatoren: list[KoersRead]
