"""Events of the gesprekstafels service that other services act on (the yearly cycle comes with its own issue).

The grant lifecycle as financien needs it: a grant proposal asks for a reservation against the subsidy ceiling of
its ambition and year; a grant commits it; a withdrawn or rejected application releases it.
"""

from __future__ import annotations

import uuid

from pydantic import Field

from ..events.envelope import EventData, contract


class AanvraagBedrag(EventData):
    aanvraagId: uuid.UUID = Field(description="The application (aanvraag) the money is for.")
    ambitieId: uuid.UUID = Field(description="The ambition whose subsidy ceiling it counts against.")
    jaar: int = Field(description="Budget year of the ceiling.")
    bedragCent: int = Field(ge=1, description="Amount in euro cents.")
    partner: str | None = Field(default=None, description="The applying organisation.")


@contract("gesprekstafels", "toekenning", "voorgesteld", version=1)
class ToekenningVoorgesteld(AanvraagBedrag):
    """An application is proposed for a grant: financien is asked to reserve the amount against the ceiling."""


class AanvraagRef(EventData):
    aanvraagId: uuid.UUID
    reden: str | None = None


@contract("gesprekstafels", "toekenning", "verleend", version=1)
class ToekenningVerleend(AanvraagRef):
    """The grant was decided: the reservation becomes a commitment."""


@contract("gesprekstafels", "aanvraag", "ingetrokken", version=1)
class AanvraagIngetrokken(AanvraagRef):
    """The partner withdrew the application: any reservation is released."""


@contract("gesprekstafels", "aanvraag", "afgewezen", version=1)
class AanvraagAfgewezen(AanvraagRef):
    """The application was rejected: any reservation is released."""


class Indicatorwaarde(EventData):
    indicator: str = Field(description="Code of the indicator in indicatoren.")
    periode: str = Field(description="Period string, e.g. `2021` or `2021S2`.")
    gebied: str = Field(description="CBS area code.")
    waarde: str = Field(description="The value as a decimal string (exact).")


@contract("gesprekstafels", "verantwoording", "ingediend", version=1)
class VerantwoordingIngediend(EventData):
    """A partner's accountability report was accepted: its indicator values become measurements in indicatoren."""

    verantwoordingId: uuid.UUID
    aanvraagId: uuid.UUID
    partner: str
    indicatorwaarden: list[Indicatorwaarde] = Field(default=[])
