"""Bodies of a partner's accountability report and the settlement."""

from __future__ import annotations

import uuid
from datetime import date, datetime
from typing import Annotated, Any, Literal

from pydantic import Field, StringConstraints
from stuurcyclus_common.schemas import Body, Cent, Out

from ..aanvragen.schemas import Activiteit
from ..shared.types import Code, Gebied, Periode, Tekst
from .statuses import VerantwoordingStatus


class Indicatorwaarde(Body):
    indicator: Code
    periode: Periode = Field(description="`2028`, `2028S1`, `2028Q3` or `202803`.")
    gebied: Gebied = Field(description="CBS area code.")
    waarde: Annotated[str, StringConstraints(pattern=r"^-?\d{1,12}([.,]\d{1,6})?$")] = Field(
        description="Decimal, `.` or `,` as separator."
    )


class VerantwoordingCreate(Body):
    activiteiten: Annotated[list[Activiteit], Field(max_length=100)] = Field(description="What was realised.")
    besteed_cent: Cent
    indicatorwaarden: Annotated[list[Indicatorwaarde], Field(max_length=1000)] = []
    toelichting: Tekst | None = None


class Weigering(Out):
    veld: str = Field(description="The refused field, e.g. `indicatorwaarden[2].gebied`.")
    reden: str


MetingenStatus = Literal["in_behandeling", "vastgelegd", "geweigerd"]


class VerantwoordingRead(Out):
    id: uuid.UUID
    aanvraag_id: uuid.UUID
    partner: str
    status: VerantwoordingStatus = Field(description="ingediend / teruggestuurd / ingetrokken / beoordeeld.")
    versie: int = Field(description="Counts up with every replacement; send it as If-Match to replace.")
    activiteiten: list[Activiteit]
    besteed_cent: int
    indicatorwaarden: list[Indicatorwaarde]
    toelichting: str | None
    te_laat: bool
    ingediend_op: datetime
    metingen: MetingenStatus | None = Field(
        description="What indicatoren made of this version's values: `in_behandeling` until it answers, then "
        "`vastgelegd` or `geweigerd` (with `weigeringen`); null without values."
    )
    weigeringen: list[Weigering] = Field(description="Why indicatoren refused the values, per field.")
    reden: str | None = Field(description="Why it was returned for revision or withdrawn.")
    uiterlijk: date | None = Field(description="The new deadline staff gave when returning it.")


class VerantwoordingVersieRead(Out):
    versie: int
    status: VerantwoordingStatus
    inhoud: dict[str, Any] = Field(description="The report as it read in this version.")
    door: str
    reden: str | None
    op: datetime


class Toelichting(Body):
    reden: Tekst | None = Field(default=None, description="Why, in a sentence (kept in the history).")


class VaststellingCreate(Body):
    bedrag_cent: Cent | None = Field(default=None, description="Final amount; default the lower of granted and spent.")
    toelichting: Tekst | None = None
