"""Bodies of risks and their assessments."""

from __future__ import annotations

import uuid
from datetime import datetime
from typing import Annotated, Literal

from pydantic import Field, StrictInt
from stuurcyclus_common.schemas import Body, Cent, Out

from ..shared.schemas import Halfjaar, Naam, Regel, Resource, Tekst

Weging = Literal["hoog", "midden", "laag"]
#: The four parts a risk is scored on (section 10 of the half-year report).
Onderdeel = Literal["toegang-open-einderegelingen", "verantwoording-door-derden", "rijksbudgetten", "overige"]
#: A point on the risk matrix's scale, 1 to 5.
Schaal = Annotated[StrictInt, Field(ge=1, le=5)]


class Beoordeling(Body):
    """An assessment of a risk: the parts it is scored on, its weight and size."""

    periode: Halfjaar = Field(description="Half year of the assessment, e.g. `2020S2`.")
    onderdelen: Annotated[list[Onderdeel], Field(min_length=1, max_length=4)]
    weging: Weging | None = Field(default=None, description="hoog/midden/laag; empty where not (yet) weighed.")
    bedrag_cent: Cent | None = Field(default=None, description="Size of the risk in euro cents, if quantified.")
    toelichting: Tekst
    kans: Schaal | None = Field(default=None, description="Likelihood, 1 (rare) to 5 (almost certain), if judged.")
    impact: Schaal | None = Field(default=None, description="Impact, 1 (small) to 5 (very large), if judged.")
    beheersmaatregelen: Annotated[list[Regel], Field(max_length=20)] = Field(
        default=[], description="How the risk is mitigated."
    )
    eigenaar: Naam | None = Field(default=None, description="Who owns the risk (a role or a team).")


class RisicoCreate(Beoordeling):
    titel: Naam


class RisicoRevisieCreate(Beoordeling):
    """A new assessment of an existing risk; `versie` (or If-Match) is the revision you saw."""

    versie: StrictInt | None = Field(default=None, ge=1)


class RisicoRevisieRead(Out):
    versie: int
    periode: str
    onderdelen: list[str]
    weging: str | None
    bedrag_cent: int | None
    toelichting: str
    kans: int | None = None
    impact: int | None = None
    beheersmaatregelen: list[str] = []
    eigenaar: str | None = None
    herzien_op: datetime


class RisicoRead(Resource):
    spoor_id: uuid.UUID
    titel: str
    huidig: RisicoRevisieRead = Field(description="The latest revision.")
