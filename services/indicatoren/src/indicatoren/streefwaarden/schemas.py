"""Bodies of targets."""

from __future__ import annotations

from decimal import Decimal

from pydantic import Field
from stuurcyclus_common.schemas import Body, Getal, Out


class StreefwaardeSet(Body):
    waarde: Decimal = Field(max_digits=20, decimal_places=6)


class StreefwaardeRead(Out):
    jaar: int
    gebied: str
    waarde: Getal
