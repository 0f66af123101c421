"""Bodies of peer sets: municipalities a municipality compares itself with, named with their reason and year."""

from __future__ import annotations

import uuid
from datetime import datetime
from typing import Annotated

from pydantic import Field, StringConstraints
from stuurcyclus_common.schemas import Body, Jaar, Out

from ..shared.schemas import Naam, Tekst

Gemeentecode = Annotated[str, StringConstraints(pattern=r"^GM\d{4}$")]


class VergelijkingsgroepCreate(Body):
    naam: Naam
    jaar: Jaar = Field(description="The year the peers were named.")
    reden: Tekst = Field(description="Why these municipalities (e.g. the Wmo-gemeentevergelijker).")
    gemeenten: Annotated[list[Gemeentecode], Field(min_length=1, max_length=50)] = Field(
        description="CBS codes of the peers (the municipality itself is always compared too)."
    )
    bron: Tekst


class VergelijkingsgroepRead(Out):
    id: uuid.UUID
    naam: str
    jaar: int
    reden: str
    gemeenten: list[str]
    bron: str
    geregistreerd_op: datetime
