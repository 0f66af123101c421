"""Events of the gesprekstafels service: the yearly cycle, the subsidy call, applications, decisions, reports.

The grant lifecycle as financien needs it: a grant proposal asks for a reservation against the subsidy ceiling of
its ambition and year; a grant commits it; a withdrawn or rejected application releases it; a settlement
(*vaststelling*) below the granted amount releases the difference; a withdrawn grant releases it all. After the
grant, `betaling.*` follows each line of the payment ledger (advances, the final payment, reclaims) through its
states. `besluit.genomen` carries every decision in the shape of a ZGW *Besluit* for the subsidy administration;
`verantwoording.ingediend` carries a partner's indicator values to indicatoren.
"""

from __future__ import annotations

import uuid
from enum import StrEnum
from typing import Annotated, ClassVar

from pydantic import Field

from ..events.envelope import EventData, Zichtbaarheid, contract

# --- the statuses and kinds, one vocabulary for the service's models, its bodies and these contracts -------------


class AanvraagStatus(StrEnum):
    """Where an application stands: concept → ingediend → in-behandeling → voorgesteld → toegekend → vastgesteld, or
    afgewezen / ingetrokken on the way."""

    CONCEPT = "concept"
    INGEDIEND = "ingediend"
    IN_BEHANDELING = "in-behandeling"
    VOORGESTELD = "voorgesteld"
    TOEGEKEND = "toegekend"
    AFGEWEZEN = "afgewezen"
    INGETROKKEN = "ingetrokken"
    VASTGESTELD = "vastgesteld"


class BesluitSoort(StrEnum):
    """The kinds of decision on an application."""

    TOEKENNING = "toekenning"
    AFWIJZING = "afwijzing"
    VASTSTELLING = "vaststelling"
    INTREKKING = "intrekking"


class BetalingSoort(StrEnum):
    """A line of a grant's payment ledger: to the partner (advance, final payment) or back from it (reclaim)."""

    VOORSCHOT = "voorschot"
    NABETALING = "nabetaling"
    TERUGVORDERING = "terugvordering"


class BetalingStatus(StrEnum):
    """The steps of a payment: gepland → geautoriseerd → verzonden → betaald, or geannuleerd before it was sent."""

    GEPLAND = "gepland"
    GEAUTORISEERD = "geautoriseerd"
    VERZONDEN = "verzonden"
    BETAALD = "betaald"
    GEANNULEERD = "geannuleerd"


class FaseStatus(StrEnum):
    """A phase of the yearly cycle: planned, open, closed."""

    GEPLAND = "gepland"
    OPEN = "open"
    GESLOTEN = "gesloten"


# --- the grant's money, v2: the partner it concerns is named (a partner's stream shows it only that partner) ------

Partner = Annotated[
    str, Field(description="The applying organisation: the partner this event concerns (who may see it).")
]


class AanvraagBedrag(EventData):
    aanvraagId: uuid.UUID = Field(description="The application (aanvraag) the money is for.")
    ambitieId: uuid.UUID = Field(description="The ambition whose subsidy ceiling it counts against.")
    jaar: int = Field(description="Budget year of the ceiling.")
    bedragCent: int = Field(ge=1, description="Amount in euro cents.")
    partner: Partner


@contract("gesprekstafels", "toekenning", "voorgesteld", version=2, zichtbaarheid=Zichtbaarheid.PARTNER)
class ToekenningVoorgesteld(AanvraagBedrag):
    """An application is proposed for a grant: financien is asked to reserve the amount against the ceiling."""


class AanvraagRef(EventData):
    aanvraagId: uuid.UUID
    partner: Partner
    reden: str | None = None


@contract("gesprekstafels", "toekenning", "verleend", version=2, zichtbaarheid=Zichtbaarheid.PARTNER)
class ToekenningVerleend(AanvraagRef):
    """The grant was decided: the reservation becomes a commitment."""


@contract("gesprekstafels", "aanvraag", "ingetrokken", version=2, zichtbaarheid=Zichtbaarheid.PARTNER)
class AanvraagIngetrokken(AanvraagRef):
    """The partner withdrew the application: any reservation is released."""


@contract("gesprekstafels", "aanvraag", "afgewezen", version=2, zichtbaarheid=Zichtbaarheid.PARTNER)
class AanvraagAfgewezen(AanvraagRef):
    """The application was rejected: any reservation is released."""


class Indicatorwaarde(EventData):
    indicator: str = Field(description="Code of the indicator in indicatoren.")
    periode: str = Field(description="Period string, e.g. `2021` or `2021S2`.")
    gebied: str = Field(description="CBS area code.")
    waarde: str = Field(description="The value as a decimal string (exact).")


class VerantwoordingStatus(StrEnum):
    """Where a partner's accountability report stands (the table of moves is `verantwoording/statuses.py`)."""

    INGEDIEND = "ingediend"
    TERUGGESTUURD = "teruggestuurd"
    INGETROKKEN = "ingetrokken"
    BEOORDEELD = "beoordeeld"


@contract("gesprekstafels", "verantwoording", "ingediend", version=1, zichtbaarheid=Zichtbaarheid.PARTNER)
class VerantwoordingIngediend(EventData):
    """A partner's accountability report was accepted, or replaced by a new version: its indicator values become
    measurements in indicatoren (a changed value a new version of the measurement). indicatoren answers with
    `indicatoren.verantwoording.verwerkt` or `…geweigerd` naming the same report and version."""

    verantwoordingId: uuid.UUID
    aanvraagId: uuid.UUID
    partner: str
    indicatorwaarden: list[Indicatorwaarde] = Field(default=[])
    versie: int = Field(default=1, ge=1, description="The report's version; a replacement counts up.")


class VerantwoordingRef(EventData):
    verantwoordingId: uuid.UUID
    aanvraagId: uuid.UUID
    partner: str
    versie: int = Field(ge=1)
    status: VerantwoordingStatus
    reden: str | None = Field(default=None, description="Why it was returned or withdrawn, where someone said.")


@contract("gesprekstafels", "verantwoording", "teruggestuurd", version=1, zichtbaarheid=Zichtbaarheid.PARTNER)
class VerantwoordingTeruggestuurd(VerantwoordingRef):
    """Staff returned the report for revision with a reason (and perhaps a new deadline): it is open to the partner
    again."""

    uiterlijk: str | None = Field(default=None, description="The new deadline (ISO date), where staff gave one.")


@contract("gesprekstafels", "verantwoording", "ingetrokken", version=1, zichtbaarheid=Zichtbaarheid.PARTNER)
class VerantwoordingIngetrokken(VerantwoordingRef):
    """The partner withdrew its report; the grant awaits a new one."""


@contract("gesprekstafels", "verantwoording", "beoordeeld", version=1, zichtbaarheid=Zichtbaarheid.PARTNER)
class VerantwoordingBeoordeeld(VerantwoordingRef):
    """Staff assessed the report (or settled the grant on it): it no longer changes."""


class Vaststelling(EventData):
    aanvraagId: uuid.UUID
    toegekendCent: int = Field(description="The amount granted.")
    vastgesteldCent: int = Field(ge=0, description="The final amount (never above the grant).")
    terugvorderingCent: int = Field(ge=0, description="Granted minus final: reclaimed from the partner, released.")


@contract("gesprekstafels", "toekenning", "vastgesteld", version=2, zichtbaarheid=Zichtbaarheid.PARTNER)
class ToekenningVastgesteld(Vaststelling):
    """The grant was settled (*vaststelling*): the final amount; the difference to the grant is reclaimed."""

    partner: Partner


# --- v1 of the grant's money: no partner named, so the municipality's staff only see them. Still published by
# nothing, still understood by financien (the streams keep a year of them); replaced by the v2 contracts above. ---


class AanvraagBedragV1(EventData):
    aanvraagId: uuid.UUID
    ambitieId: uuid.UUID
    jaar: int
    bedragCent: int = Field(ge=1)
    partner: str | None = None


@contract("gesprekstafels", "toekenning", "voorgesteld", version=1, zichtbaarheid=Zichtbaarheid.GEMEENTE)
class ToekenningVoorgesteldV1(AanvraagBedragV1):
    """Deprecated (v2 names the partner): an application proposed for a grant."""


class AanvraagRefV1(EventData):
    aanvraagId: uuid.UUID
    reden: str | None = None


@contract("gesprekstafels", "toekenning", "verleend", version=1, zichtbaarheid=Zichtbaarheid.GEMEENTE)
class ToekenningVerleendV1(AanvraagRefV1):
    """Deprecated (v2 names the partner): the grant was decided."""


@contract("gesprekstafels", "aanvraag", "ingetrokken", version=1, zichtbaarheid=Zichtbaarheid.GEMEENTE)
class AanvraagIngetrokkenV1(AanvraagRefV1):
    """Deprecated (v2 names the partner): the partner withdrew the application."""


@contract("gesprekstafels", "aanvraag", "afgewezen", version=1, zichtbaarheid=Zichtbaarheid.GEMEENTE)
class AanvraagAfgewezenV1(AanvraagRefV1):
    """Deprecated (v2 names the partner): the application was rejected."""


@contract("gesprekstafels", "toekenning", "vastgesteld", version=1, zichtbaarheid=Zichtbaarheid.GEMEENTE)
class ToekenningVastgesteldV1(Vaststelling):
    """Deprecated (v2 names the partner): the grant was settled."""


class FaseStand(EventData):
    cyclusId: uuid.UUID
    jaar: int = Field(description="Year of the cycle (its tables, call and grants; grants are for `jaar` + 1).")
    fase: str = Field(description="Phase code, e.g. `thematafels-januari`, `uitvraag`, `toekenning`.")
    reden: str | None = Field(default=None, description="Why (e.g. the event that closed it).")


@contract("gesprekstafels", "fase", "geopend", version=1, zichtbaarheid=Zichtbaarheid.OPENBAAR)
class FaseGeopend(FaseStand):
    """A phase of the yearly cycle opened."""


@contract("gesprekstafels", "fase", "gesloten", version=1, zichtbaarheid=Zichtbaarheid.OPENBAAR)
class FaseGesloten(FaseStand):
    """A phase of the yearly cycle closed."""


@contract("gesprekstafels", "uitvraag", "gepubliceerd", version=1, zichtbaarheid=Zichtbaarheid.OPENBAAR)
class UitvraagGepubliceerd(EventData):
    """The subsidy call of an ambition was published: partners may apply until the deadline."""

    uitvraagId: uuid.UUID
    jaar: int
    subsidiejaar: int
    ambitieId: uuid.UUID
    plafondCent: int
    deadline: str = Field(description="Last moment to apply (ISO 8601 with offset, Europe/Amsterdam).")


@contract("gesprekstafels", "aanvraag", "ingediend", version=1, zichtbaarheid=Zichtbaarheid.PARTNER)
class AanvraagIngediend(EventData):
    """A partner submitted an application."""

    aanvraagId: uuid.UUID
    uitvraagId: uuid.UUID
    partner: str
    bedragCent: int


# --- after the grant: the payment ledger, and a grant's withdrawal ---------------------------------------------------


class BetalingStand(EventData):
    betalingId: uuid.UUID
    aanvraagId: uuid.UUID
    besluitId: uuid.UUID = Field(description="The decision it stems from (grant, settlement or withdrawal).")
    partner: Partner
    ambitieId: uuid.UUID = Field(description="The ambition whose ceiling the grant counts against.")
    jaar: int = Field(description="Subsidy year of the grant (the ceiling's year).")
    soort: BetalingSoort = Field(
        description="`voorschot` or `nabetaling` (to the partner), `terugvordering` (back from it)."
    )
    volgnummer: int = Field(description="1, 2, … within the grant's ledger.")
    bedragCent: int = Field(ge=1, description="Amount in euro cents.")
    vervaldatum: str = Field(description="Due on this day (ISO 8601 date, Europe/Amsterdam).")
    status: BetalingStatus = Field(description="`gepland`, `geautoriseerd`, `verzonden`, `betaald` or `geannuleerd`.")
    kenmerk: str | None = Field(default=None, description="The bank run's payment reference.")
    sisaCode: str | None = Field(default=None, description="SiSa regulation code of the grant.")


@contract("gesprekstafels", "betaling", "gepland", version=1, zichtbaarheid=Zichtbaarheid.PARTNER)
class BetalingGepland(BetalingStand):
    """A payment entered a grant's ledger: an advance of the decision's schedule, the final payment after the
    settlement, or a reclaim (after a settlement below what was paid, or a withdrawal)."""


@contract("gesprekstafels", "betaling", "geautoriseerd", version=1, zichtbaarheid=Zichtbaarheid.PARTNER)
class BetalingGeautoriseerd(BetalingStand):
    """The municipality released a payment for the bank run."""


@contract("gesprekstafels", "betaling", "verzonden", version=1, zichtbaarheid=Zichtbaarheid.PARTNER)
class BetalingVerzonden(BetalingStand):
    """The subsidy administration sent the payment (or the reclaim's invoice) in its bank run."""


@contract("gesprekstafels", "betaling", "betaald", version=1, zichtbaarheid=Zichtbaarheid.PARTNER)
class BetalingBetaald(BetalingStand):
    """The payment was paid (or the reclaim received): what financien counts as paid (or reclaimed)."""


@contract("gesprekstafels", "betaling", "geannuleerd", version=1, zichtbaarheid=Zichtbaarheid.PARTNER)
class BetalingGeannuleerd(BetalingStand):
    """A payment was cancelled before it was sent (an advance after a settlement or withdrawal, or by staff)."""


@contract("gesprekstafels", "betaling", "opeisbaar", version=1, zichtbaarheid=Zichtbaarheid.PARTNER)
class BetalingOpeisbaar(BetalingStand):
    """A payment falls due: its day has come in Amsterdam and it is not sent yet (announced once)."""


@contract("gesprekstafels", "toekenning", "ingetrokken", version=1, zichtbaarheid=Zichtbaarheid.PARTNER)
class ToekenningIngetrokken(EventData):
    """The municipality withdrew a grant (*intrekking*): its commitment is released; what was paid is reclaimed."""

    aanvraagId: uuid.UUID
    partner: Partner
    reden: str
    betaaldCent: int = Field(ge=0, description="Paid out before the withdrawal (advances sent or paid).")
    terugvorderingCent: int = Field(ge=0, description="Reclaimed: what was paid.")


class Besluitvormer(EventData):
    persoon: str = Field(description="The decider's token subject.")
    naam: str | None = None
    rol: str
    mandaatCent: int | None = Field(default=None, description="Their mandate for it; null: without limit.")


class Voorschot(EventData):
    volgnummer: int
    bedragCent: int
    vervaldatum: str = Field(description="ISO 8601 date, Europe/Amsterdam.")


class Prestatie(EventData):
    omschrijving: str
    aantal: int | None = None
    eenheid: str | None = None


@contract("gesprekstafels", "besluit", "genomen", version=1, zichtbaarheid=Zichtbaarheid.PARTNER)
class BesluitGenomen(EventData):
    """A decision on an application (grant, rejection, settlement), shaped like a ZGW *Besluit*.

    For the subsidy administration: `identificatie` is unique per municipality; the amounts are in cents. The
    deciders (`besluitvormers`: subjects and mandates) are for the municipality's staff: a partner's stream leaves
    them out.
    """

    alleen_gemeente: ClassVar[frozenset[str]] = frozenset({"besluitvormers"})

    besluitId: uuid.UUID
    identificatie: str
    soort: BesluitSoort = Field(description="`toekenning`, `afwijzing`, `vaststelling` or `intrekking`.")
    aanvraagId: uuid.UUID
    partner: str
    ambitieId: uuid.UUID
    datum: str = Field(description="Date of the decision (ISO 8601).")
    ingangsdatum: str
    vervaldatum: str | None = None
    vervalreden: str | None = Field(default=None, description="ZGW: `tijdelijk`, `ingetrokken_overheid`, …")
    toelichting: str | None = None
    bedragCent: int | None = Field(default=None, description="Granted / settled amount; null for a rejection.")
    periode: str | None = Field(default=None, description="Period the subsidy covers, e.g. `2027`.")
    voorwaarden: list[str] = Field(default=[])
    prestaties: list[Prestatie] = Field(default=[], description="The agreed outputs (uitvoeringsovereenkomst).")
    betaalschema: list[Voorschot] = Field(default=[], description="A grant's advances (its ledger pays them).")
    besluitvormers: list[Besluitvormer] = Field(
        default=[], description="Who decided: two when the amount was above the first one's mandate."
    )
    sisaCode: str | None = Field(default=None, description="SiSa regulation code of a grant.")
