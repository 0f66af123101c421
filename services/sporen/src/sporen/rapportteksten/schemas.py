"""Bodies of the report's chapter texts."""

from __future__ import annotations

from enum import StrEnum
from typing import Annotated

from pydantic import Field, StrictInt
from stuurcyclus_common.schemas import Body

from ..shared.schemas import Halfjaar, Naam, Regel, Resource
from ..voortgang.schemas import Tekstdeel


class Hoofdstuk(StrEnum):
    """The chapters of a half-year report that are not per track, in the report's order."""

    INLEIDING = "inleiding"
    COMMUNICATIE = "communicatie"
    MONITORING = "monitoring"
    FINANCIEN = "financien"
    RISICOPROFIEL = "risicoprofiel"


#: The heading a chapter gets when its text gives none.
HOOFDSTUK_TITELS = {
    Hoofdstuk.INLEIDING: "Inleiding",
    Hoofdstuk.COMMUNICATIE: "Communicatie",
    Hoofdstuk.MONITORING: "Monitoring",
    Hoofdstuk.FINANCIEN: "Financiën hervormingsagenda",
    Hoofdstuk.RISICOPROFIEL: "Risicoprofiel hervormingsagenda",
}


class RapporttekstCreate(Body):
    periode: Halfjaar = Field(description="Half year the text is written for, e.g. `2020S2`.")
    hoofdstuk: Hoofdstuk = Field(description="Which chapter: " + ", ".join(f"`{h.value}`" for h in Hoofdstuk) + ".")
    titel: Naam | None = Field(default=None, description="The chapter's heading; default the chapter's usual one.")
    onderdelen: Annotated[list[Tekstdeel], Field(min_length=1, max_length=40)]
    bron: Regel | None = Field(default=None, description="Where the text comes from.")


class RapporttekstUpdate(Body):
    titel: Naam | None = None
    onderdelen: Annotated[list[Tekstdeel], Field(min_length=1, max_length=40)] | None = None
    bron: Regel | None = None
    versie: StrictInt | None = Field(default=None, ge=1)


class RapporttekstRead(Resource):
    periode: str
    hoofdstuk: Hoofdstuk
    titel: str
    onderdelen: list[Tekstdeel]
    bron: str | None
