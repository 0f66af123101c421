"""Bodies of the subsidy call."""

from __future__ import annotations

import uuid
from datetime import date, datetime
from typing import Annotated, Literal

from pydantic import Field, StringConstraints, model_validator
from stuurcyclus_common.schemas import Body, Cent, Jaar, Out, SisaCode

from ..betalingen.schemas import Betaalwijze
from ..shared.types import Code, Naam, Regel
from ..verantwoording import regime
from ..verantwoording.regime import Verantwoordingsvorm


class Deelplafond(Body):
    code: Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=40)]
    naam: Naam
    bedrag_cent: Cent


class Trede(Body):
    """One tier of accountability: grants up to `totEnMetCent` (none: any amount) owe `vorm`."""

    tot_en_met_cent: Cent | None = Field(default=None, description="Upper bound, inclusive; none for the last tier.")
    vorm: Verantwoordingsvorm = Field(description="geen / steekproef / activiteitenverslag / financieel-verslag.")
    steekproef_percentage: Annotated[int, Field(strict=True, ge=0, le=100)] | None = Field(
        default=None, description="With `steekproef`: the share of grants drawn to report."
    )


class UitvraagCreate(Body):
    @model_validator(mode="after")
    def _tiers_that_stand(self) -> UitvraagCreate:
        if self.verantwoordingsregime is not None:
            reason = regime.refusal([t.model_dump(mode="json", by_alias=True) for t in self.verantwoordingsregime])
            if reason:
                raise ValueError(f"verantwoordingsregime: {reason}")
        return self

    jaar: Jaar = Field(description="Year of the cycle (the grants are for its subsidy year).")
    ambitie_id: uuid.UUID
    titel: Naam
    deadline: date = Field(description="Last day to apply; until 23:59 Europe/Amsterdam.")
    beoordeling: Literal["volgorde-van-binnenkomst", "rangschikking"] = Field(
        default="volgorde-van-binnenkomst", description="First come, first served unless the call ranks them."
    )
    doelen: Annotated[list[Regel], Field(max_length=50)] = []
    indicatoren: Annotated[list[Code], Field(max_length=100)] = Field(
        default=[], description="Codes of indicators (known in indicatoren) applicants must report on."
    )
    deelplafonds: Annotated[list[Deelplafond], Field(max_length=20)] = []
    betaalwijze: Betaalwijze | None = Field(
        default=None, description="How its grants are paid in advance; default quarterly, 100% in advance."
    )
    sisa_code: SisaCode | None = Field(
        default=None, description="SiSa regulation code its grants fall under (else the ceiling's)."
    )
    verantwoordingsregime: Annotated[list[Trede], Field(min_length=1, max_length=10)] | None = Field(
        default=None,
        description="Tiers of accountability by amount, ascending, the last open-ended (default: an activity report "
        "for every grant). E.g. up to 1000000 cents a 10% `steekproef`, up to 10000000 an `activiteitenverslag`, "
        "above a `financieel-verslag` with an auditor's statement.",
    )


class Opgave(Out):
    uitkomst_id: uuid.UUID
    soort: str
    tekst: str
    rang: int | None


class UitvraagRead(Out):
    id: uuid.UUID
    gemeente: str = Field(validation_alias="tenant")
    jaar: int
    subsidiejaar: int
    ambitie_id: uuid.UUID
    titel: str
    status: str
    deadline: date
    deadline_moment: datetime = Field(description="The deadline as a moment (23:59:59 Europe/Amsterdam).")
    beoordeling: str
    opgaven: list[Opgave]
    doelen: list[str]
    indicatoren: list[str]
    deelplafonds: list[Deelplafond]
    plafond_cent: int | None = Field(
        description="The ceiling from financien (at publication; before: the current one)."
    )
    gepubliceerd_op: datetime | None
    betaalwijze: Betaalwijze = Field(description="How its grants are paid in advance (the default, if it said none).")
    sisa_code: str | None
    verantwoordingsregime: list[Trede] = Field(description="The tiers its grants are accounted for by.")
    versie: int
