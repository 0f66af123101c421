"""Bodies of budget lines, reallocations and budgets."""

from __future__ import annotations

import uuid
from datetime import date
from typing import Literal

from pydantic import Field, StrictInt
from stuurcyclus_common.schemas import Body, Cent, Jaar, Out, PositiveCent

from ..besparingen.schemas import Karakter
from ..shared.schemas import Naam, Tekst


class BegrotingspostCreate(Body):
    jaar: Jaar
    programma: Naam | None = Field(default=None, description="Programme of the municipal budget, e.g. 'Programma 1'.")
    soort: Literal["budget", "programmakosten", "investering", "bestedingsvoorstel"]
    omschrijving: Naam
    bedrag_cent: Cent
    karakter: Karakter
    spoor_nummer: StrictInt | None = Field(default=None, ge=1, le=99)
    ambitie_nummer: StrictInt | None = Field(default=None, ge=1, le=99)
    toelichting: Tekst | None = None


class BegrotingspostRead(Out):
    id: uuid.UUID
    actueel_cent: int = Field(default=0, description="The amount after reallocations in and out.")
    jaar: int
    programma: str | None
    soort: str
    omschrijving: str
    bedrag_cent: int
    karakter: str
    status: str
    spoor_nummer: int | None
    ambitie_nummer: int | None
    toelichting: str | None


class VerschuivingCreate(Body):
    van_post_id: uuid.UUID = Field(description="The budget line the money leaves.")
    naar_post_id: uuid.UUID = Field(description="The budget line it goes to.")
    bedrag_cent: PositiveCent
    reden: Tekst = Field(description="Why (required: every euro must be traceable).")


class VerschuivingRead(Out):
    id: uuid.UUID
    van_post_id: uuid.UUID
    naar_post_id: uuid.UUID
    bedrag_cent: int
    reden: str


class BegrotingCreate(Body):
    jaar: Jaar


class Vaststelling(Body):
    vastgesteld_op: date = Field(description="Date of the council's decision.")


class BegrotingRead(Out):
    id: uuid.UUID
    jaar: int
    status: str
    vastgesteld_op: date | None
