"""Bodies of the yearly cycle: its phases, the interim report, what is due."""

from __future__ import annotations

import uuid
from datetime import date, datetime
from typing import Literal

from pydantic import Field
from stuurcyclus_common.contracts.gesprekstafels import FaseStatus
from stuurcyclus_common.schemas import Body, Jaar, Out

from ..shared.types import Tekst

FaseCode = Literal[
    "thematafels-januari",
    "bestuurlijke-vertaling",
    "verantwoording",
    "gezamenlijke-tafel",
    "uitvraag",
    "thematafels-oktober",
    "begroting",
    "toekenning",
]


class CyclusCreate(Body):
    jaar: Jaar
    subsidiejaar: Jaar | None = Field(default=None, description="Year the grants are for; default `jaar` + 1.")


class FaseRead(Out):
    code: str
    omschrijving: str
    volgorde: int
    status: FaseStatus
    gepland_van: date
    gepland_tot: date = Field(description="Deadline of the phase: the end of its last planned month.")
    te_laat: bool = Field(description="Not closed although its planned end (23:59 Europe/Amsterdam) has passed.")
    vereist: list[str] = Field(description="Phases that must be closed before this one opens.")
    wacht_op_event: str | None = Field(description="The event that closes it, if it waits for one.")
    geopend_op: datetime | None
    gesloten_op: datetime | None
    reden: str | None


class CyclusRead(Out):
    id: uuid.UUID
    gemeente: str = Field(validation_alias="tenant")
    jaar: int
    subsidiejaar: int
    huidige_fasen: list[str] = Field(description="The phases open now.")
    begroting_vastgesteld_op: date | None = Field(description="When the council adopted the subsidy year's budget.")
    fasen: list[FaseRead]


class FaseCommand(Body):
    reden: Tekst | None = None


class TussenrapportageRegel(Out):
    ambitie_id: uuid.UUID
    ambitie: str | None
    toegekend_aantal: int
    toegekend_cent: int
    verantwoord_aantal: int
    besteed_cent: int
    vastgesteld_aantal: int
    vastgesteld_cent: int
    teruggevorderd_cent: int


class Tussenrapportage(Out):
    subsidiejaar: int
    ambities: list[TussenrapportageRegel]


TermijnStatus = Literal["open", "verlopen", "voldaan"]


class Termijn(Out):
    soort: Literal["fase", "uitvraag", "verantwoording"]
    omschrijving: str
    partner: str | None
    uiterlijk: datetime = Field(description="Deadline moment, Europe/Amsterdam.")
    status: TermijnStatus
    verwijzing: str = Field(description="What it is about: a phase code, a call id or an application id.")
