"""Bodies of the money after the grant: the payment schedule a decision states, the ledger, the bank run, SiSa."""

from __future__ import annotations

import uuid
from datetime import date, datetime
from typing import Annotated, Literal

from pydantic import Field, StrictInt, StringConstraints, model_validator
from stuurcyclus_common.contracts.gesprekstafels import BetalingSoort, BetalingStatus
from stuurcyclus_common.schemas import Body, Out, PositiveCent

Frequentie = Literal["eenmalig", "kwartaal", "maand"]
Kenmerk = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=100)]
Percentage = Annotated[StrictInt, Field(ge=0, le=100, description="Share of the grant paid in advances (%).")]


class Betaalwijze(Body):
    """A call's default for its grants: advances how often, and which share of the grant in advance (the rest is
    paid after the settlement)."""

    frequentie: Frequentie = Field(default="kwartaal", description="`eenmalig`, `kwartaal` or `maand`.")
    voorschot_percentage: Percentage = 100


class Voorschottermijn(Body):
    bedrag_cent: PositiveCent
    vervaldatum: date = Field(description="Due on this day (Europe/Amsterdam).")


class Betaalschema(Body):
    """The advances of one grant: a frequency and share (amounts split in cents, the last advance takes the
    remainder), or the advances one by one. Default: the call's `betaalwijze` (quarterly, 100%, unless it says)."""

    frequentie: Frequentie | None = None
    voorschot_percentage: Percentage | None = None
    termijnen: Annotated[list[Voorschottermijn], Field(min_length=1, max_length=120)] | None = Field(
        default=None, description="Advances one by one; together at most the grant."
    )

    @model_validator(mode="after")
    def _one_way(self) -> Betaalschema:
        if self.termijnen is not None and (self.frequentie is not None or self.voorschot_percentage is not None):
            raise ValueError("termijnen: give the advances one by one, or a frequentie and voorschotPercentage")
        return self


class Voorschot(Out):
    volgnummer: int
    bedrag_cent: int
    vervaldatum: date


class BetalingStap(Out):
    status: BetalingStatus
    door: str = Field(description="Who: the token's subject (a person or a system).")
    rol: str
    op: datetime
    datum: date | None = Field(
        default=None,
        description="The day it was sent or paid, as the bank run says.",
        json_schema_extra={"format": "date"},
    )
    kenmerk: str | None = None
    reden: str | None = None


class BetalingRead(Out):
    id: uuid.UUID
    gemeente: str = Field(validation_alias="tenant")
    aanvraag_id: uuid.UUID
    besluit_id: uuid.UUID = Field(description="The decision it stems from: the grant, settlement or withdrawal.")
    partner: str
    soort: BetalingSoort = Field(description="`voorschot`, `nabetaling` (to the partner) or `terugvordering` (back).")
    volgnummer: int
    bedrag_cent: int
    vervaldatum: date
    status: BetalingStatus
    kenmerk: str | None
    opeisbaar: bool = Field(description="Due (its day has come in Amsterdam) and not yet sent, paid or cancelled.")
    stappen: list[BetalingStap]
    versie: int


class BetalingStatusCreate(Body):
    """A step of a payment: `geautoriseerd` (the municipality releases it), `verzonden` and `betaald` (the subsidy
    administration's bank run), `geannuleerd` (before it was sent, with a reason)."""

    status: Literal["geautoriseerd", "verzonden", "betaald", "geannuleerd"]
    datum: date | None = Field(
        default=None, description="The day it was sent or paid; default today.", json_schema_extra={"format": "date"}
    )
    kenmerk: Kenmerk | None = Field(default=None, description="The bank's payment reference.")
    reden: Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=1000)] | None = None


class BankrunRegel(Out):
    regel: int = Field(description="The line of the file (the header is line 1).")
    betaling_id: uuid.UUID
    status: str
    uitkomst: Literal["verwerkt", "al_verwerkt"] = Field(
        description="`verwerkt`: the step was taken now; `al_verwerkt`: the payment had taken it already with the same "
        "date and reference (a file sent again): nothing changed."
    )


class BankrunRead(Out):
    verwerkt: int = Field(description="Lines applied now (all of the file's new steps, or none of them).")
    al_verwerkt: int = Field(description="Lines whose step was taken before: nothing changed.")
    regels: list[BankrunRegel] = Field(description="Every line and what became of it.")
    betalingen: list[BetalingRead] = Field(description="The payments changed now.")


class IntrekkingCreate(Body):
    toelichting: Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=10_000)]


class SisaRegel(Out):
    """What an accountant needs per SiSa regulation code and year, from the ledger."""

    sisa_code: str
    jaar: int
    aantal_toekenningen: int
    toegekend_cent: int = Field(description="Granted (the decisions' amounts).")
    betaald_cent: int = Field(description="Paid out to partners (advances and final payments marked paid).")
    teruggevorderd_cent: int = Field(description="Reclaims decided.")
    terugontvangen_cent: int = Field(description="Reclaims received back.")
    vastgesteld_cent: int = Field(description="Settled (the settlements' final amounts).")
