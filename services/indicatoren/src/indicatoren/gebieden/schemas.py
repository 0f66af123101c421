"""Bodies of the area register."""

from __future__ import annotations

from pydantic import BaseModel, Field
from stuurcyclus_common.schemas import Out


class GebiedRead(Out):
    code: str
    naam: str | None
    soort: str
    wijk: str | None = Field(description="The wijk of a buurt.")
    geldig_van: int
    geldig_tot: int | None
    sleutel: str | None = Field(description="The municipality's own key of the area (monitor exports).")


class GebiedenResult(BaseModel):
    jaar: int
    gemeente: int
    wijk: int
    buurt: int
    elders: int = Field(description="Rows of other municipalities in the file, skipped.")
    beeindigd: int = Field(description="Areas of an earlier register not in this one: valid until the year before.")
