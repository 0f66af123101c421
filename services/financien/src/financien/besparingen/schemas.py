"""Bodies of the savings: lines, targets, realisations, frames, the Totaalopgave."""

from __future__ import annotations

import uuid
from typing import Annotated, Literal

from pydantic import Field, StrictInt, StringConstraints
from stuurcyclus_common.schemas import Body, Cent, Jaar, JaarSleutel, Out, SignedCent

from ..shared.schemas import Bedrag, Naam, Tekst

Karakter = Literal["incidenteel", "structureel"]


class BesparingslijnCreate(Body):
    code: Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=20)] = Field(
        description="Line number(s) as in the Totaalopgave, e.g. `3 & 7`."
    )
    naam: Naam
    spoor_nummer: StrictInt | None = Field(default=None, ge=1, le=99, description="The track the line belongs to.")
    ten_laste_van_marge: bool = Field(default=False, description="Charged to the prudence margin.")
    volgorde: StrictInt = Field(default=0, ge=0, le=1000)
    doelen: dict[JaarSleutel, Cent] = Field(default={}, description='Target per year, e.g. `{"2021": 25000000}`.')


class Doel(Body):
    bedrag_cent: Cent


class BesparingslijnRead(Out):
    id: uuid.UUID
    gemeente: str = Field(validation_alias="tenant")
    code: str
    naam: str
    spoor_nummer: int | None
    ten_laste_van_marge: bool
    volgorde: int
    doelen: dict[int, int] = Field(default={}, description="Target per year, in cents.")


class RealisatieCreate(Body):
    jaar: Jaar = Field(
        description="The year it was realised. A year before the savings frame's first year is shown as realised "
        "before the frame, never as realisation of a year of the frame."
    )
    soort: Literal["structureel", "incidenteel"]
    bedrag_cent: SignedCent
    toelichting: Tekst | None = None
    bron: Tekst | None = Field(default=None, description="Where the figure comes from.")


class SpoorRealisatieCreate(Body):
    """A realised saving of a track that the source does not split over the track's lines."""

    spoor_nummer: StrictInt = Field(ge=1, le=99, description="The track.")
    jaar: Jaar = Field(description="The year it was realised (before the frame's first year: shown as before it).")
    soort: Literal["structureel", "incidenteel"] | None = Field(
        default=None, description="Structural or incidental; leave out where the source does not say."
    )
    bedrag_cent: SignedCent
    toelichting: Tekst | None = None
    bron: Tekst | None = Field(default=None, description="Where the figure comes from.")


class RealisatieRead(Out):
    id: uuid.UUID
    lijn_id: uuid.UUID | None = Field(description="The savings line; null for a saving booked on the track only.")
    spoor_nummer: int | None
    jaar: int
    soort: str | None
    bedrag_cent: int
    toelichting: str | None
    bron: str | None


class BesparingskaderCreate(Body):
    periode: Annotated[str, StringConstraints(pattern=r"^\d{4}(S[12])?$")] = Field(
        description="When the frame was set: a year (`2019`) or half year (`2020S1`).", examples=["2020S1"]
    )
    totaal_cent: Cent = Field(description="The frame's total savings, in cents.")
    doeljaar: Jaar | None = Field(default=None, description="The year the total is to be reached, where stated.")
    reden: Tekst = Field(description="What the frame is and why it replaced the one before.")
    bron: Tekst = Field(description="Where it comes from.")


class BesparingskaderRead(Out):
    id: uuid.UUID
    versie: int = Field(description="1 for the first frame; the highest is the current one.")
    periode: str
    totaal_cent: int
    doeljaar: int | None
    reden: str
    bron: str


class Marge(Body):
    bedrag_cent: Cent


class TotaalopgaveLijn(Out):
    code: str
    naam: str
    spoor_nummer: int | None
    ten_laste_van_marge: bool
    bedragen: dict[int, Bedrag]


class Totaalopgave(Out):
    """The *Totaalopgave hervormingsagenda financieel*: lines × years, their total, and the prudence margin."""

    jaren: list[int]
    lijnen: list[TotaalopgaveLijn]
    totaal: dict[int, Bedrag] = Field(description="Besparing (total): the sum of the lines.")
    behoedzaamheidsmarge: dict[int, Bedrag | None]
    beslag_op_marge: dict[int, Bedrag] = Field(description="What the lines charged to the margin take of it.")


class DoelRealisatie(Out):
    spoor_nummer: int | None
    jaar: int
    doel: Bedrag = Field(description="The track's own target: the sum of its lines not charged to the margin.")
    beslag_marge: Bedrag = Field(description="The track's lines charged to the prudence margin: a claim, not a target.")
    gerealiseerd_structureel: Bedrag
    gerealiseerd_incidenteel: Bedrag
    gerealiseerd: Bedrag = Field(description="All realised in the year, of any kind (some sources leave it open).")


class VoorKader(Out):
    """What a track realised before the savings frame's first year: shown as such, never as a year's realisation."""

    spoor_nummer: int | None
    voor_jaar: int = Field(description="The frame's first year: realised before it.")
    gerealiseerd_structureel: Bedrag
    gerealiseerd_incidenteel: Bedrag
    gerealiseerd: Bedrag = Field(description="All, including what the source did not call structural or incidental.")
    toelichting: list[str]
