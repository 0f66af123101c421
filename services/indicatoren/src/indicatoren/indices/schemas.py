"""Bodies of composite indices."""

from __future__ import annotations

from datetime import datetime
from decimal import Decimal
from typing import Annotated, Literal

from pydantic import BaseModel, Field
from stuurcyclus_common.schemas import Body, Getal, Out

from ..shared.schemas import Code, Naam


class Component(Body):
    """One part of an index: an indicator, or a ratio teller / noemer × factor; weighted, and which way is better."""

    indicator: Code | None = Field(default=None, description="An indicator's value…")
    teller: Code | None = Field(default=None, description="…or a ratio: numerator indicator,")
    noemer: Code | None = Field(default=None, description="denominator indicator,")
    factor: Decimal = Field(default=Decimal(1), gt=0, max_digits=12, decimal_places=6, description="and factor.")
    gewicht: Decimal = Field(gt=0, max_digits=12, decimal_places=6)
    richting: Literal["hoger-is-beter", "lager-is-beter"] = "hoger-is-beter"

    def codes(self) -> list[str]:
        return [c for c in (self.indicator, self.teller, self.noemer) if c]


class IndexCreate(Body):
    code: Code
    naam: Naam
    componenten: Annotated[list[Component], Field(min_length=1, max_length=50)]


class IndexUpdate(Body):
    naam: Naam
    componenten: Annotated[list[Component], Field(min_length=1, max_length=50)]


class IndexRead(Out):
    code: str
    versie: int
    naam: str
    componenten: list[Component]
    vastgelegd_op: datetime


class IndexOnderdeel(BaseModel):
    onderdeel: int = Field(description="Which component of the definition (1 first).")
    ruw: Getal = Field(description="Its raw value: the indicator's, or the ratio (e.g. observed / expected).")
    score: Getal = Field(description="Normalised 0–100 over the areas.")
    gewicht: Getal


class IndexWaarde(BaseModel):
    gebied: str
    naam: str | None = Field(default=None, description="The area's name, from the register.")
    waarde: Getal | None = Field(description="0–100: the weighted mean of the normalised components present.")
    ruw: Getal | None = Field(default=None, description="The weighted mean of the components' raw values.")
    componenten: int = Field(description="Components with a value for this area.")
    onderdelen: list[IndexOnderdeel] = []


class IndexUitkomst(BaseModel):
    code: str
    versie: int = Field(description="The definition version used.")
    periode: str
    niveau: str
    gewogenDoor: str | None = Field(default=None, description="Wijk values from buurten, weighted by this indicator.")
    waarden: list[IndexWaarde]
