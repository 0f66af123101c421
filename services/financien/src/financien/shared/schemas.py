"""Bodies every sub-domain uses: bounded text, an amount as cents and EUR mln."""

from __future__ import annotations

from typing import Annotated

from pydantic import StringConstraints
from stuurcyclus_common.schemas import Out

Naam = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=200)]
Tekst = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=5000)]


class Bedrag(Out):
    """A computed amount: cents, and € mln for display."""

    cent: int
    mln: str
