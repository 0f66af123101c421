"""Events of the indicatoren service."""

from __future__ import annotations

import uuid

from pydantic import Field

from ..events.envelope import EventData, Zichtbaarheid, contract


@contract("indicatoren", "metingen", "vastgelegd", version=1, zichtbaarheid=Zichtbaarheid.GEMEENTE)
class MetingenVastgelegd(EventData):
    """Measurements were recorded (one event per upload or report, not per value)."""

    batchId: uuid.UUID
    indicatoren: list[str] = Field(description="Codes of the indicators that got new values or corrections.")
    nieuw: int
    gecorrigeerd: int
    herkomst: str
    leverancier: str | None = None


class Weigering(EventData):
    veld: str = Field(description="The refused field as the report names it, e.g. `indicatorwaarden[2].gebied`.")
    reden: str


class VerantwoordingAntwoord(EventData):
    verantwoordingId: uuid.UUID
    aanvraagId: uuid.UUID
    partner: str
    versie: int = Field(ge=1, description="The version of the report answered.")


@contract("indicatoren", "verantwoording", "verwerkt", version=1, zichtbaarheid=Zichtbaarheid.PARTNER)
class VerantwoordingVerwerkt(VerantwoordingAntwoord):
    """A partner's report's indicator values are measurements now (new ones and corrections counted)."""

    nieuw: int = Field(ge=0)
    gecorrigeerd: int = Field(ge=0)


@contract("indicatoren", "verantwoording", "geweigerd", version=1, zichtbaarheid=Zichtbaarheid.PARTNER)
class VerantwoordingGeweigerd(VerantwoordingAntwoord):
    """indicatoren refused a report's indicator values on their merits (an area not in the municipality's register
    of that year, an indicator it no longer keeps …): none of them was recorded. The report shows why, and the
    partner can replace it."""

    weigeringen: list[Weigering] = Field(description="Each refused field with its reason (at least one).")


@contract("indicatoren", "koers", "gewijzigd", version=1, zichtbaarheid=Zichtbaarheid.GEMEENTE)
class KoersGewijzigd(EventData):
    """An indicator's course in an area changed (e.g. from on course to off course) after new measurements."""

    indicator: str
    gebied: str
    van: str | None = Field(description="The previous status (null: never judged before).")
    naar: str = Field(description="op-koers / uit-koers / onvoldoende-data / geen-verwachting")
    reden: str
    helling: str | None = Field(default=None, description="Least-squares slope per period (decimal string).")


class IndicatorSnapshot(EventData):
    indicatorId: uuid.UUID
    code: str
    naam: str = Field(description="The indicator as written.")
    spoor: int | None = None
    niveau: str | None = Field(default=None, description="beweging / interventie / resultaatafspraak")
    dimensie: str | None = Field(default=None, description="financien / kwantiteit / kwaliteit; null: a movement")
    beweging: str | None = Field(default=None, description="Movement A–D where the source links one.")
    verwachting: str | None = Field(default=None, description="The expectation as written.")
    richting: str | None = Field(default=None, description="Expected direction, machine-readable.")
    eenheid: str | None = None
    status: str
    versie: int


@contract("indicatoren", "indicator", "vastgelegd", version=1, zichtbaarheid=Zichtbaarheid.OPENBAAR)
class IndicatorenVastgelegd(EventData):
    """Indicator definitions were added or changed (one event per request, seed or catalogue import)."""

    indicatoren: list[IndicatorSnapshot]


class Punt(EventData):
    periode: str
    waarde: str = Field(description="Decimal string (exact).")
    definitie: str | None = Field(default=None, description="What the value counts, where the indicator says.")


class Prognosepunt(EventData):
    periode: str
    waarde: str = Field(description="Decimal string (exact).")
    scenario: str | None = Field(default=None, description="laag/midden/hoog where the source gives scenarios.")
    bron: str


class WijkPunt(EventData):
    periode: str
    gebied: str = Field(description="The wijk's CBS code.")
    waarde: str = Field(description="Decimal string (exact).")


class Reeks(EventData):
    indicator: str
    gebied: str
    koers: str = Field(
        description="op-koers / uit-koers / onvoldoende-data / geen-verwachting / niet-vergelijkbaar (values of "
        "different definitions)"
    )
    reden: str
    waarden: list[Punt] = Field(description="The latest current values (at most 8) of its most recent kind of period.")
    prognoses: list[Prognosepunt] = Field(
        default=[], description="Its municipality-wide prognoses (never part of the course), by period."
    )
    wijkwaarden: list[WijkPunt] = Field(
        default=[],
        description="Its current values per wijk in the latest periods that have them (at most 2): the report's maps.",
    )
    versie: int = Field(description="Version of this series; increases with every change.")


class Wijk(EventData):
    code: str = Field(description="CBS code, WK…")
    naam: str | None
    omtrek: dict | None = Field(
        description="The outline as a GeoJSON geometry (WGS84), from CBS's Wijk- en buurtkaart."
    )


@contract("indicatoren", "gebieden", "vastgelegd", version=1, zichtbaarheid=Zichtbaarheid.GEMEENTE)
class GebiedenVastgelegd(EventData):
    """A register of areas was loaded for a year: its wijken with name and outline (the half-year report's maps)."""

    jaar: int
    wijken: list[Wijk]


@contract("indicatoren", "reeks", "bijgewerkt", version=1, zichtbaarheid=Zichtbaarheid.GEMEENTE)
class ReeksenBijgewerkt(EventData):
    """After a write: the municipality-wide series and course of each indicator it touched (for reports)."""

    reeksen: list[Reeks]
