"""Bodies every sub-domain uses: bounded text shapes, a versioned resource, a history entry (camelCase on the wire;
money is integer euro cents, `…Cent`, never a float: EUR 2.65 mln is `265000000`)."""

from __future__ import annotations

import uuid
from datetime import datetime
from typing import Annotated

from pydantic import Field, StringConstraints
from stuurcyclus_common.schemas import Body, Out

Naam = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=200)]
Regel = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=1000)]
Tekst = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=20_000)]
Regels = Annotated[list[Regel], Field(max_length=100)]
Halfjaar = Annotated[str, StringConstraints(pattern=r"^\d{4}S[12]$"), Field(examples=["2020S2"])]


class Resource(Out):
    id: uuid.UUID
    gemeente: str = Field(validation_alias="tenant", description="CBS code of the municipality.")
    versie: int = Field(description="Increases by one with every change; echo it (or the ETag) when updating.")


class WijzigingRead(Out):
    versie: int
    actie: str
    tijdstip: datetime
    toestand: dict = Field(description="The full state after this change, as the API returned it then.")


class Verantwoording(Body):
    """The account the uitklapmodel asks at every level: finance, quantity, quality."""

    financien: Tekst | None = None
    kwantiteit: Tekst | None = None
    kwaliteit: Tekst | None = None
