"""Request and response bodies of the financien API (camelCase on the wire).

Money is integer euro cents (`…Cent`). Where a figure is also shown in € mln (`…Mln`), that is a display string
with two decimals, rounded half to even from the cents; the cents are what counts.
"""

from __future__ import annotations

import uuid
from datetime import date
from typing import Annotated, Literal

from pydantic import BaseModel, Field, StrictInt, StringConstraints
from stuurcyclus_common.schemas import Body, Cent, Jaar, JaarSleutel, Out, PositiveCent, SignedCent, SisaCode

Naam = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=200)]
Tekst = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=5000)]
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


class Bedrag(Out):
    """A computed amount: cents, and € mln for display."""

    cent: int
    mln: str


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


class PlafondSet(Body):
    ambitie_id: uuid.UUID = Field(description="The ambition (sporen service id).")
    jaar: Jaar
    bedrag_cent: Cent
    sisa_code: SisaCode | None = Field(
        default=None, description="SiSa regulation code the grants under this ceiling fall under (calls default to it)."
    )


class PlafondRead(Out):
    id: uuid.UUID
    ambitie_id: uuid.UUID
    jaar: int
    bedrag_cent: int
    sisa_code: str | None
    vastgelegd_cent: int = Field(description="Committed by grants.")
    gereserveerd_cent: int = Field(description="Reserved for proposed grants.")
    beschikbaar_cent: int = Field(description="Ceiling minus committed minus reserved; never below zero.")
    betaald_cent: int = Field(description="Paid out to partners under it (advances and final payments paid).")
    teruggevorderd_cent: int = Field(description="Reclaimed from partners under it (reclaims decided).")


class ReserveringRead(Out):
    id: uuid.UUID
    plafond_id: uuid.UUID
    aanvraag_id: uuid.UUID
    bedrag_cent: int
    status: str
    partner: str | None


class Iv3BedragRead(Out):
    taakveld: str
    omschrijving: str
    baten_cent: int | None
    lasten_cent: int | None
    salarissen_cent: int | None


class Iv3SpoorRead(BaseModel):
    spoorNummer: int
    lastenCent: int
    batenCent: int
    saldoCent: int = Field(description="Expenses minus income.")
    taakvelden: list[str]
    inwoners: int | None = Field(description="Inhabitants as the same Iv3 file counts them.")
    lastenPerInwonerCent: int | None = Field(description="Expenses per inhabitant, cents (half to even).")
    batenPerInwonerCent: int | None


class Iv3SpoorJaarRead(Iv3SpoorRead):
    jaar: int
    lijst: str = Field(description="The task-field list of that year: 2017 (2017–2024) or 2025.")


class Iv3VergelijkingGemeente(BaseModel):
    gemeente: str
    naam: str
    inwoners: int | None
    eigen: bool = Field(description="This municipality.")
    sporen: dict[int, int | None] = Field(description="Expenses per inhabitant per track, cents.")


class Iv3Positie(BaseModel):
    positie: int | None = Field(description="1 = the lowest expenses per inhabitant among them.")
    van: int


class Iv3Vergelijking(BaseModel):
    jaar: int
    bron: str
    lijst: str
    gemeentegrootte: str | None
    stedelijkheid: str | None
    gemeenten: list[Iv3VergelijkingGemeente]
    positie: dict[int, Iv3Positie]


class Iv3Toewijzing(Body):
    spoor_nummer: StrictInt | None = Field(ge=1, le=99, description="The track; null: assigned to none.")


class Iv3ToewijzingRead(Out):
    taakveld: str
    spoor_nummer: int | None = Field(validation_alias="spoor")
    omschrijving: str
    eigen: bool = Field(description="The municipality's own assignment (else the platform's default).")
