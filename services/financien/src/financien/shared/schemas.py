"""Bodies every sub-domain uses: bounded text, an amount as cents and EUR mln."""

from __future__ import annotations

from typing import Annotated

from pydantic import Field, StringConstraints
from stuurcyclus_common.schemas import Bedrag as CommonBedrag

Naam = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=200)]
Tekst = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=5000)]


class Bedrag(CommonBedrag):
    """A computed amount in the platform's one shape (cents and the Dutch text), and € mln as the Totaalopgave
    writes it."""

    mln: str = Field(description="EUR mln with two decimals, e.g. `0.35` (kept for the tables that show mln).")
