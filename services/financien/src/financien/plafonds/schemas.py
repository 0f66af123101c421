"""Bodies of ceilings and reservations."""

from __future__ import annotations

import uuid

from pydantic import Field
from stuurcyclus_common.schemas import Body, Cent, Jaar, Out, SisaCode


class PlafondSet(Body):
    ambitie_id: uuid.UUID = Field(description="The ambition (sporen service id).")
    jaar: Jaar
    bedrag_cent: Cent
    sisa_code: SisaCode | None = Field(
        default=None, description="SiSa regulation code the grants under this ceiling fall under (calls default to it)."
    )


class PlafondRead(Out):
    id: uuid.UUID
    ambitie_id: uuid.UUID
    jaar: int
    bedrag_cent: int
    sisa_code: str | None
    vastgelegd_cent: int = Field(description="Committed by grants.")
    gereserveerd_cent: int = Field(description="Reserved for proposed grants.")
    beschikbaar_cent: int = Field(description="Ceiling minus committed minus reserved; never below zero.")
    betaald_cent: int = Field(description="Paid out to partners under it (advances and final payments paid).")
    teruggevorderd_cent: int = Field(description="Reclaimed from partners under it (reclaims decided).")


class ReserveringRead(Out):
    id: uuid.UUID
    plafond_id: uuid.UUID
    aanvraag_id: uuid.UUID
    bedrag_cent: int
    status: str
    partner: str | None
