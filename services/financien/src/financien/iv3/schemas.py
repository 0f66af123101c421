"""Bodies of the Iv3 figures."""

from __future__ import annotations

from pydantic import BaseModel, Field, StrictInt
from stuurcyclus_common.schemas import Body, Out


class Iv3BedragRead(Out):
    taakveld: str
    omschrijving: str
    baten_cent: int | None
    lasten_cent: int | None
    salarissen_cent: int | None


class Iv3SpoorRead(BaseModel):
    spoorNummer: int
    lastenCent: int
    batenCent: int
    saldoCent: int = Field(description="Expenses minus income.")
    taakvelden: list[str]
    inwoners: int | None = Field(description="Inhabitants as the same Iv3 file counts them.")
    lastenPerInwonerCent: int | None = Field(description="Expenses per inhabitant, cents (half to even).")
    batenPerInwonerCent: int | None


class Iv3SpoorJaarRead(Iv3SpoorRead):
    jaar: int
    lijst: str = Field(description="The task-field list of that year: 2017 (2017–2024) or 2025.")


class Iv3VergelijkingGemeente(BaseModel):
    gemeente: str
    naam: str
    inwoners: int | None
    eigen: bool = Field(description="This municipality.")
    sporen: dict[int, int | None] = Field(description="Expenses per inhabitant per track, cents.")


class Iv3Positie(BaseModel):
    positie: int | None = Field(description="1 = the lowest expenses per inhabitant among them.")
    van: int


class Iv3Vergelijking(BaseModel):
    jaar: int
    bron: str
    lijst: str
    gemeentegrootte: str | None
    stedelijkheid: str | None
    groep: str | None = Field(default=None, description="The peer set compared with; none: CBS's size class.")
    gemeenten: list[Iv3VergelijkingGemeente]
    positie: dict[int, Iv3Positie]


class Iv3Toewijzing(Body):
    spoor_nummer: StrictInt | None = Field(ge=1, le=99, description="The track; null: assigned to none.")


class Iv3ToewijzingRead(Out):
    taakveld: str
    spoor_nummer: int | None = Field(validation_alias="spoor")
    omschrijving: str
    eigen: bool = Field(description="The municipality's own assignment (else the platform's default).")
