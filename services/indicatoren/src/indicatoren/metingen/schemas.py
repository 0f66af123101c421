"""Bodies of measurements, ingest results, tables and aggregates."""

from __future__ import annotations

from datetime import datetime
from decimal import Decimal
from typing import Annotated, Literal

from pydantic import BaseModel, Field, StringConstraints
from stuurcyclus_common.schemas import Body, Getal, Out

from ..definities.schemas import Herkomst
from ..shared.schemas import Code, Gebied, Periode


class MetingCreate(Body):
    indicator: Code = Field(description="Code of the indicator.")
    periode: Periode
    gebied: Gebied
    waarde: Decimal = Field(max_digits=20, decimal_places=6)
    herkomst: Herkomst = "gemeente"
    leverancier: Annotated[str, StringConstraints(max_length=200)] | None = None


class MetingRead(Out):
    indicator: str = ""
    periode: str
    gebied: str
    gebiedNaam: str | None = Field(default=None, description="The area's name, from the register.")
    waarde: Getal
    herkomst: str
    leverancier: str | None
    versie: int
    actueel: bool
    voorlopig: bool = Field(default=False, description="A provisional figure (CBS: Voorlopig), replaced when final.")
    vastgelegd_op: datetime


class Overgeslagen(BaseModel):
    reden: str = Field(description="Why these rows were not taken, in words.")
    aantal: int


class IngestResult(BaseModel):
    rijen: int = Field(description="Rows read (values, for a wide table).")
    nieuw: int = Field(description="New values.")
    gecorrigeerd: int = Field(description="Corrections: a new version; the old value stays readable.")
    ongewijzigd: int = Field(description="The same value as the current one: nothing written.")
    ontbrekend: int | None = Field(
        default=None, description="Missing values skipped (`NA`, `.`, and in a wide table empty cells); shown when any."
    )
    overgeslagen: list[Overgeslagen] | None = Field(
        default=None, description="Rows not taken, counted by reason (a CBS table's other regions …); shown when any."
    )


class Tabel(BaseModel):
    """Dashboard shape (as DHIS2's analytics API): column headers and rows of values."""

    headers: list[str]
    rows: list[list[str | None]]


class AggregaatRead(BaseModel):
    """A value aggregated from buurten to a wijk or the municipality."""

    indicator: str
    periode: str
    gebied: str
    naam: str | None = Field(default=None, description="The area's name, from the register.")
    waarde: Getal | None
    methode: Literal["som", "gewogen"]
    buurten: int = Field(description="Buurten that contributed.")
    zonderNoemer: int = Field(description="Buurten left out: no value of the denominator for them.")
