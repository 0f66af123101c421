"""Events of the financien service: answers to reservation requests, and the council's budget decision."""

from __future__ import annotations

import uuid

from pydantic import Field

from ..events.envelope import EventData, Zichtbaarheid, contract


class ReserveringStand(EventData):
    reserveringId: uuid.UUID | None = Field(description="Null when refused before a reservation existed.")
    aanvraagId: uuid.UUID
    ambitieId: uuid.UUID
    jaar: int
    bedragCent: int
    plafondCent: int | None = Field(description="The ceiling it was judged against (null: no ceiling set).")
    beschikbaarCent: int | None = Field(description="Room left under the ceiling after this decision.")


@contract("financien", "reservering", "bevestigd", version=1, zichtbaarheid=Zichtbaarheid.GEMEENTE)
class ReserveringBevestigd(ReserveringStand):
    """The amount is reserved under the ceiling; the grant may go ahead."""


@contract("financien", "reservering", "geweigerd", version=1, zichtbaarheid=Zichtbaarheid.GEMEENTE)
class ReserveringGeweigerd(ReserveringStand):
    """No reservation: the ceiling would be exceeded (or there is none); the grant must be refused."""

    reden: str = Field(description="Why, in words.")
    code: str = Field(description="`plafond_overschreden` or `geen_plafond`.")


@contract("financien", "reservering", "vastgelegd", version=1, zichtbaarheid=Zichtbaarheid.GEMEENTE)
class ReserveringVastgelegd(ReserveringStand):
    """The grant was decided: the reserved amount is now committed."""


@contract("financien", "reservering", "vrijgegeven", version=1, zichtbaarheid=Zichtbaarheid.GEMEENTE)
class ReserveringVrijgegeven(ReserveringStand):
    """The reservation was released (application withdrawn or rejected)."""


@contract("financien", "begroting", "vastgesteld", version=1, zichtbaarheid=Zichtbaarheid.GEMEENTE)
class BegrotingVastgesteld(EventData):
    """The council adopted the budget of a year; the subsidy cycle waits for this."""

    begrotingId: uuid.UUID
    jaar: int
    vastgesteldOp: str = Field(description="Date of the council decision (ISO 8601).")


@contract("financien", "reservering", "bijgesteld", version=1, zichtbaarheid=Zichtbaarheid.GEMEENTE)
class ReserveringBijgesteld(ReserveringStand):
    """The grant was settled below the committed amount: the difference is released (`bedragCent` is the new one)."""

    vrijgegevenCent: int = Field(description="Released by this settlement.")


@contract("financien", "subsidieplafond", "vastgesteld", version=1, zichtbaarheid=Zichtbaarheid.GEMEENTE)
class SubsidieplafondVastgesteld(EventData):
    """The subsidy ceiling of an ambition and year was set or changed (the subsidy call shows it)."""

    plafondId: uuid.UUID
    ambitieId: uuid.UUID
    jaar: int
    bedragCent: int
    sisaCode: str | None = Field(default=None, description="SiSa regulation code of the grants under it.")
    versie: int = Field(description="Increases by one per change.")


class OverzichtLijn(EventData):
    code: str
    naam: str
    spoor: int | None
    tenLasteVanMarge: bool
    bedragen: dict[int, int] = Field(description="Savings target per year, in cents.")


class OverzichtDoelRealisatie(EventData):
    spoor: int | None
    jaar: int
    doelCent: int = Field(description="The track's own target: its lines not charged to the prudence margin.")
    beslagMargeCent: int = Field(default=0, description="The track's lines charged to the prudence margin.")
    structureelCent: int
    incidenteelCent: int
    gerealiseerdCent: int | None = Field(
        default=None, description="All realised in the year, including what the source left unclassified."
    )


class OverzichtVoorKader(EventData):
    """What a track realised before the frame's first year: not a realisation of any year of the frame."""

    spoor: int | None
    voorJaar: int = Field(description="The frame's first year.")
    structureelCent: int
    incidenteelCent: int
    gerealiseerdCent: int
    toelichting: list[str] = []


class OverzichtKader(EventData):
    """A version of the savings frame."""

    versie: int
    periode: str = Field(description="When it was set: `2019`, `2020S1`.")
    totaalCent: int
    doeljaar: int | None
    reden: str
    bron: str


class OverzichtPost(EventData):
    postId: uuid.UUID
    jaar: int
    soort: str = Field(description="budget / programmakosten / investering / bestedingsvoorstel")
    omschrijving: str
    bedragCent: int
    karakter: str
    status: str
    programma: str | None = None
    spoor: int | None = None
    ambitie: int | None = None
    toelichting: str | None = None


@contract("financien", "overzicht", "bijgewerkt", version=1, zichtbaarheid=Zichtbaarheid.GEMEENTE)
class OverzichtBijgewerkt(EventData):
    """After every change to savings, the prudence margin or the budget lines: the municipality's whole financial
    overview as the half-year report shows it (the Totaalopgave with its computed totals, target against realised,
    the budget lines). A consumer keeps the highest `versie`."""

    versie: int
    jaren: list[int]
    lijnen: list[OverzichtLijn]
    totaal: dict[int, int] = Field(description="Sum of the lines per year (computed by financien), cents.")
    behoedzaamheidsmarge: dict[int, int]
    beslagOpMarge: dict[int, int]
    doelRealisatie: list[OverzichtDoelRealisatie] = Field(description="Per track and year of the frame.")
    posten: list[OverzichtPost]
    voorKader: list[OverzichtVoorKader] = Field(default=[], description="Realised before the frame's first year.")
    kaders: list[OverzichtKader] = Field(default=[], description="The savings frame's versions, oldest first.")


class Iv3SpoorCijfers(EventData):
    spoor: int
    lastenCent: int
    batenCent: int
    lastenPerInwonerCent: int | None
    batenPerInwonerCent: int | None
    taakvelden: list[str] = Field(default=[], description="The task fields counted.")


class Iv3Vergelijkbare(EventData):
    gemeente: str = Field(description="CBS code.")
    naam: str
    inwoners: int | None
    lastenPerInwonerCent: dict[int, int | None] = Field(description="Per track, cents per inhabitant.")


@contract("financien", "iv3", "bijgewerkt", version=1, zichtbaarheid=Zichtbaarheid.GEMEENTE)
class Iv3Bijgewerkt(EventData):
    """After an Iv3 import: one municipality's figures of that year and source per track (its own assignment of task
    fields), and the municipalities of its size class for comparison (the default assignment for all). One event
    per municipality in the file. A consumer keeps the highest `versie` per year and source."""

    jaar: int
    bron: str = Field(description="begroting / jaarrekening")
    lijst: str = Field(description="The task-field list: 2017 (2017–2024) or 2025.")
    naam: str
    inwoners: int | None
    gemeentegrootte: str | None
    stedelijkheid: str | None
    sporen: list[Iv3SpoorCijfers]
    vergelijkbaar: list[Iv3Vergelijkbare] = Field(description="The municipalities of the same size class, itself too.")
    versie: int = Field(description="The import's moment, in milliseconds: a later import has a higher one.")
