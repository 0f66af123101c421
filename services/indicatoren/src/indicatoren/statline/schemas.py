"""Bodies of StatLine mappings, a table's description and an import's result."""

from __future__ import annotations

from datetime import datetime
from typing import Annotated, Any

from pydantic import BaseModel, Field, StringConstraints
from stuurcyclus_common.schemas import Body

from ..metingen.schemas import IngestResult

Key = Annotated[str, StringConstraints(pattern=r"^[A-Za-z][A-Za-z0-9_]{0,99}$")]
Category = Annotated[str, StringConstraints(min_length=1, max_length=40, strip_whitespace=True)]


class KoppelingBody(Body):
    onderwerp: Key = Field(description="The measure's key in `DataProperties.csv` (`Key` of a `Topic`).")
    dimensies: dict[Key, Category] = Field(
        default_factory=dict,
        max_length=20,
        description="For every dimension of the table other than region and period, the category taken "
        '(its `Key`), e.g. `{"Geslacht": "T001038"}`.',
    )


class KoppelingRead(BaseModel):
    tabel: str
    indicator: str
    onderwerp: str
    dimensies: dict[str, str]
    vastgelegdOp: datetime
    laatsteImport: dict[str, Any] | None = Field(default=None, description="The counts of the last import, and when.")


class OnderwerpRead(BaseModel):
    key: str
    titel: str
    eenheid: str | None
    decimalen: int | None
    omschrijving: str | None


class CategorieRead(BaseModel):
    key: str
    titel: str


class DimensieRead(BaseModel):
    key: str
    categorieen: list[CategorieRead]


class PeriodeRead(BaseModel):
    key: str = Field(description="StatLine's key, e.g. 2016HJ01.")
    periode: str | None = Field(description="The platform's period (2016S1); none for a kind it does not keep.")
    status: str
    voorlopig: bool


class TabelBeschrijving(BaseModel):
    """What a download holds, to choose a mapping from."""

    tabel: str | None
    titel: str | None
    onderwerpen: list[OnderwerpRead]
    dimensies: list[DimensieRead]
    perioden: list[PeriodeRead]
    eigenRegios: list[str] = Field(description="Regions of the municipality (and its wijken, buurten) with rows.")


class StatlineResult(IngestResult):
    tabel: str
    indicatoren: list[str] = Field(description="The indicators the table's mappings filled.")
