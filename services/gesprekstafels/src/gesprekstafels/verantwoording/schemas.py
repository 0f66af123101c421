"""Bodies of a partner's accountability report and the settlement."""

from __future__ import annotations

import uuid
from datetime import datetime
from typing import Annotated

from pydantic import Field, StringConstraints
from stuurcyclus_common.schemas import Body, Cent, Out

from ..aanvragen.schemas import Activiteit
from ..shared.types import Code, Gebied, Periode, Tekst


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


class VerantwoordingRead(Out):
    id: uuid.UUID
    aanvraag_id: uuid.UUID
    partner: str
    activiteiten: list[Activiteit]
    besteed_cent: int
    indicatorwaarden: list[Indicatorwaarde]
    toelichting: str | None
    te_laat: bool
    ingediend_op: datetime


class VaststellingCreate(Body):
    bedrag_cent: Cent | None = Field(default=None, description="Final amount; default the lower of granted and spent.")
    toelichting: Tekst | None = None
