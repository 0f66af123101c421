"""Bodies of interventions and agreed results."""

from __future__ import annotations

import uuid

from pydantic import Field, StrictInt
from stuurcyclus_common.schemas import Body

from ..shared.schemas import Naam, Resource, Tekst, Verantwoording


class InterventieCreate(Body):
    naam: Naam
    omschrijving: Tekst | None = None
    verantwoording: Verantwoording = Verantwoording()


class InterventieUpdate(Body):
    naam: Naam | None = None
    omschrijving: Tekst | None = None
    verantwoording: Verantwoording | None = None
    versie: StrictInt | None = Field(default=None, ge=1)


class InterventieRead(Resource):
    spoor_id: uuid.UUID
    naam: str
    omschrijving: str | None
    verantwoording: Verantwoording


class ResultaatafspraakCreate(Body):
    partner: Naam = Field(description="The partner organisation the agreement is made with.")
    omschrijving: Tekst
    verantwoording: Verantwoording = Verantwoording()


class ResultaatafspraakUpdate(Body):
    partner: Naam | None = None
    omschrijving: Tekst | None = None
    verantwoording: Verantwoording | None = None
    versie: StrictInt | None = Field(default=None, ge=1)


class ResultaatafspraakRead(Resource):
    interventie_id: uuid.UUID
    partner: str
    omschrijving: str
    verantwoording: Verantwoording
