"""Bodies of a track's progress: the summary box's fields, titled parts, investments, cases."""

from __future__ import annotations

import uuid
from typing import Annotated

from pydantic import Field, StrictInt
from stuurcyclus_common.schemas import Body

from ..shared.schemas import Halfjaar, Naam, Regel, Resource, Tekst


class Uitgelicht(Body):
    titel: Naam
    tekst: Tekst
    bron: Regel | None = None


class Tekstdeel(Body):
    """A part of a chapter: an optional heading and its text (paragraphs separated by an empty line)."""

    titel: Naam | None = Field(default=None, description="The part's heading, e.g. 'Preventie'.")
    tekst: Tekst


Tekstdelen = Annotated[list[Tekstdeel], Field(max_length=40)]


class VoortgangCreate(Body):
    periode: Halfjaar = Field(description="Half year, e.g. `2020S1`.")
    gerealiseerd: Tekst | None = Field(default=None, description="What was realised this half year.")
    update_tekst: Tekst | None = Field(default=None, description="The update's opening words.")
    onderdelen: Tekstdelen = Field(default=[], description="The update in parts, each with its heading.")
    uitgelicht: Annotated[list[Uitgelicht], Field(max_length=20)] = Field(default=[], description="Highlighted cases.")
    investeringen: Tekst | None = Field(default=None, description="The track's investments (*Investeringen*).")
    uitgesteld: Regel | None = Field(
        default=None, description="Set when the track is deferred this half year: one line saying why and until when."
    )
    bron: Regel | None = Field(default=None, description="Where the texts come from.")


class VoortgangUpdate(Body):
    gerealiseerd: Tekst | None = None
    update_tekst: Tekst | None = None
    onderdelen: Tekstdelen | None = None
    uitgelicht: Annotated[list[Uitgelicht], Field(max_length=20)] | None = None
    investeringen: Tekst | None = None
    uitgesteld: Regel | None = None
    bron: Regel | None = None
    versie: StrictInt | None = Field(default=None, ge=1)


class VoortgangRead(Resource):
    spoor_id: uuid.UUID
    periode: str
    gerealiseerd: str | None
    update_tekst: str | None
    onderdelen: list[Tekstdeel]
    uitgelicht: list[Uitgelicht]
    investeringen: str | None
    uitgesteld: str | None
    bron: str | None
