"""Bodies of the subsidy call."""

from __future__ import annotations

import uuid
from datetime import date, datetime
from typing import Annotated, Literal

from pydantic import Field, StringConstraints
from stuurcyclus_common.schemas import Body, Cent, Jaar, Out, SisaCode

from ..betalingen.schemas import Betaalwijze
from ..shared.types import Code, Naam, Regel


class Deelplafond(Body):
    code: Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=40)]
    naam: Naam
    bedrag_cent: Cent


class UitvraagCreate(Body):
    jaar: Jaar = Field(description="Year of the cycle (the grants are for its subsidy year).")
    ambitie_id: uuid.UUID
    titel: Naam
    deadline: date = Field(description="Last day to apply; until 23:59 Europe/Amsterdam.")
    beoordeling: Literal["volgorde-van-binnenkomst", "rangschikking"] = Field(
        default="volgorde-van-binnenkomst", description="First come, first served unless the call ranks them."
    )
    doelen: Annotated[list[Regel], Field(max_length=50)] = []
    indicatoren: Annotated[list[Code], Field(max_length=100)] = Field(
        default=[], description="Codes of indicators (known in indicatoren) applicants must report on."
    )
    deelplafonds: Annotated[list[Deelplafond], Field(max_length=20)] = []
    betaalwijze: Betaalwijze | None = Field(
        default=None, description="How its grants are paid in advance; default quarterly, 100% in advance."
    )
    sisa_code: SisaCode | None = Field(
        default=None, description="SiSa regulation code its grants fall under (else the ceiling's)."
    )


class Opgave(Out):
    uitkomst_id: uuid.UUID
    soort: str
    tekst: str
    rang: int | None


class UitvraagRead(Out):
    id: uuid.UUID
    gemeente: str = Field(validation_alias="tenant")
    jaar: int
    subsidiejaar: int
    ambitie_id: uuid.UUID
    titel: str
    status: str
    deadline: date
    deadline_moment: datetime = Field(description="The deadline as a moment (23:59:59 Europe/Amsterdam).")
    beoordeling: str
    opgaven: list[Opgave]
    doelen: list[str]
    indicatoren: list[str]
    deelplafonds: list[Deelplafond]
    plafond_cent: int | None = Field(
        description="The ceiling from financien (at publication; before: the current one)."
    )
    gepubliceerd_op: datetime | None
    betaalwijze: Betaalwijze = Field(description="How its grants are paid in advance (the default, if it said none).")
    sisa_code: str | None
    versie: int
