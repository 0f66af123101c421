"""Bodies of applications: drafted, submitted, reviewed, withdrawn."""

from __future__ import annotations

import uuid
from datetime import date, datetime
from typing import Annotated

from pydantic import Field, StrictInt, StringConstraints
from stuurcyclus_common.schemas import Body, Out, PositiveCent

from ..shared.types import Code, Naam, Regel, Tekst
from .statuses import AanvraagStatus

KvkNummer = Annotated[str, StringConstraints(pattern=r"^\d{8}$")]


class Activiteit(Body):
    omschrijving: Regel
    aantal: StrictInt | None = Field(default=None, ge=0, le=10**9)
    eenheid: Naam | None = None


class AanvraagCreate(Body):
    uitvraag_id: uuid.UUID
    partner: Naam | None = Field(default=None, description="The applying organisation; a partner applies as itself.")
    titel: Naam
    activiteiten: Annotated[list[Activiteit], Field(min_length=1, max_length=100)]
    bedrag_cent: PositiveCent
    deelplafond: Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=40)] | None = None
    indicatoren: Annotated[list[Code], Field(max_length=100)] = Field(
        default=[], description="Indicator codes (of the call) the partner commits to report on."
    )
    kvk_nummer: KvkNummer | None = Field(default=None, description="The applicant's KvK number (8 digits).")
    vertrouwelijk: bool = Field(default=False, description="Not to be published as open data (360Giving).")


class AanvraagUpdate(Body):
    titel: Naam | None = None
    activiteiten: Annotated[list[Activiteit], Field(min_length=1, max_length=100)] | None = None
    bedrag_cent: PositiveCent | None = None
    deelplafond: Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=40)] | None = None
    indicatoren: Annotated[list[Code], Field(max_length=100)] | None = None
    kvk_nummer: KvkNummer | None = None
    vertrouwelijk: bool | None = None
    versie: StrictInt | None = None


class AanvraagRead(Out):
    id: uuid.UUID
    gemeente: str = Field(validation_alias="tenant")
    uitvraag_id: uuid.UUID
    ambitie_id: uuid.UUID
    partner: str
    titel: str
    activiteiten: list[Activiteit]
    bedrag_cent: int
    deelplafond: str | None
    indicatoren: list[str]
    status: AanvraagStatus
    reservering: str | None = Field(description="Reservation at financien: gevraagd / bevestigd / geweigerd.")
    score: int | None
    reden: str | None
    ingediend_op: datetime | None
    kvk_nummer: str | None
    vertrouwelijk: bool
    versie: int
    herstel_uiterlijk: date | None = Field(
        description="Returned for revision: it may be submitted again until this day, even after the call closed."
    )


class Behandeling(Body):
    score: StrictInt | None = Field(
        default=None, ge=0, le=1000, description="Judgement, when the call ranks applications."
    )


class Reden(Body):
    reden: Tekst


class Terugsturing(Body):
    """Returned for revision: why, and perhaps until when the partner may send it again."""

    reden: Tekst = Field(description="What the partner should change.")
    uiterlijk: date | None = Field(default=None, description="A new deadline (ISO date, 23:59 Europe/Amsterdam).")


class StatuswijzigingRead(Out):
    van: str | None
    naar: str
    door: str
    reden: str | None
    op: datetime
