"""Bodies of observations."""

from __future__ import annotations

import uuid
from datetime import date
from typing import Annotated, Literal

from pydantic import Field, StrictInt, StringConstraints
from stuurcyclus_common.schemas import Body, Out

from ..shared.schemas import Code, Tekst


class WaarnemingCreate(Body):
    datum: date = Field(description="When it was observed.")
    spoor_nummer: StrictInt | None = Field(default=None, ge=1, le=99)
    indicator: Code | None = Field(default=None, description="Code of the indicator it is about, if any.")
    bron: Literal["gesprekstafel", "partner", "bewonerspanel", "overig"]
    bron_naam: Annotated[str, StringConstraints(strip_whitespace=True, max_length=200)] | None = None
    tekst: Tekst


class WaarnemingRead(Out):
    id: uuid.UUID
    datum: date
    spoor_nummer: int | None
    indicator: str | None = None
    bron: str
    bron_naam: str | None
    tekst: str
