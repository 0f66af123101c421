"""Bodies of decisions (ZGW Besluit shape): grant, rejection."""

from __future__ import annotations

import uuid
from datetime import date
from typing import Annotated

from pydantic import Field, StrictInt
from stuurcyclus_common.contracts.gesprekstafels import BesluitSoort
from stuurcyclus_common.identity import Caller
from stuurcyclus_common.schemas import Body, Out, SisaCode

from ..betalingen.schemas import Betaalschema, Voorschot
from ..mandaten.schemas import Besluitvormer
from ..shared.types import Naam, Regel, Tekst


class Prestatie(Body):
    omschrijving: Regel
    aantal: StrictInt | None = Field(default=None, ge=0, le=10**9)
    eenheid: Naam | None = None


class ToekenningCreate(Body):
    ingangsdatum: date | None = Field(default=None, description="Default: 1 January of the subsidy year.")
    vervaldatum: date | None = Field(default=None, description="Default: 31 December of the subsidy year.")
    toelichting: Tekst | None = None
    voorwaarden: Annotated[list[Regel], Field(max_length=50)] = []
    prestaties: Annotated[list[Prestatie], Field(max_length=100)] = Field(
        default=[], description="Agreed outputs of the uitvoeringsovereenkomst."
    )
    verantwoording_uiterlijk: date | None = Field(default=None, description="Report due; default 30 April after.")
    betaalschema: Betaalschema | None = Field(default=None, description="The advances; default the call's.")
    sisa_code: SisaCode | None = Field(
        default=None, description="SiSa regulation code; default the call's, else the ceiling's."
    )


class AfwijzingCreate(Body):
    toelichting: Tekst


class BesluitRead(Out):
    id: uuid.UUID
    gemeente: str = Field(validation_alias="tenant")
    identificatie: str
    aanvraag_id: uuid.UUID
    soort: BesluitSoort
    datum: date
    ingangsdatum: date
    vervaldatum: date | None
    vervalreden: str | None
    toelichting: str | None
    bedrag_cent: int | None
    periode: str | None
    voorwaarden: list[str]
    prestaties: list[Prestatie]
    verantwoording_uiterlijk: date | None = Field(description="The report's deadline; null when none is owed.")
    verantwoordingsvorm: str | None = Field(
        description="The account the grant owes: `geen` (settled without a report), `activiteitenverslag`, "
        "`financieel-verslag` (with an auditor's statement attached); see the call's `verantwoordingsregime`."
    )
    steekproef: dict | None = Field(
        description="Where the tier samples: `{percentage, getrokken, zaad, sha256}` — SHA-256 of `zaad` as a number, "
        "modulo 10,000, below percentage × 100 means drawn; anyone can redo it."
    )
    betaalschema: list[Voorschot] = Field(description="The advances the grant states (the ledger pays them).")
    besluitvormers: list[Besluitvormer] | None = Field(
        description="Who decided; two when it was above one's mandate. For the municipality's staff: null for a "
        "partner (the decision is the municipality's, not its civil servants')."
    )

    def for_caller(self, caller: Caller) -> BesluitRead:
        """The decision as `caller` may see it: a partner does not see the deciders' subjects and mandates."""
        return self if caller.rol != "partner" else self.model_copy(update={"besluitvormers": None})

    sisa_code: str | None
