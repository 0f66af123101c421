"""Bodies of the half-year report."""

from __future__ import annotations

import uuid
from datetime import datetime
from typing import Literal

from pydantic import Field
from stuurcyclus_common.schemas import Out

from ..lessen.schemas import LesRead
from ..maatregelen.schemas import MaatregelRead
from ..ontwikkelingen.schemas import OntwikkelingRead
from ..rapportteksten.schemas import RapporttekstRead
from ..risicos.schemas import RisicoRevisieRead
from ..spoor.schemas import SpoorRead
from ..voortgang.schemas import VoortgangRead


class RapportWaarde(Out):
    periode: str
    waarde: str
    definitie: str | None = Field(default=None, description="What the value counts, where the indicator says.")


class RapportIndicator(Out):
    code: str
    indicator: str = Field(description="The indicator as written in the source.")
    niveau: str | None
    dimensie: str | None
    beweging: str | None
    verwachting: str | None = Field(description="The expectation as written.")
    richting: str | None
    status: str
    laatste_waarden: list[RapportWaarde] = Field(description="Municipality-wide, oldest first (at most 8).")
    koers: str | None = Field(
        description="op-koers / uit-koers / onvoldoende-data / geen-verwachting / niet-vergelijkbaar (values of "
        "different definitions); null: no data."
    )
    koers_reden: str | None


class RapportRisico(Out):
    risico_id: uuid.UUID
    titel: str
    wijziging: Literal["nieuw", "herzien"]
    huidig: RisicoRevisieRead
    vorige: RisicoRevisieRead | None = Field(description="The assessment of the previous report, if any.")


class RapportSpoor(Out):
    samenvatting: SpoorRead = Field(description="The summary block: problem, reforms, finance, stakeholders, links.")
    gerealiseerd: VoortgangRead | None = Field(
        default=None, description="The latest record up to this half year that says what was realised (summary box)."
    )
    voortgang: VoortgangRead | None = Field(description="The latest progress update up to this half year.")
    indicatoren: list[RapportIndicator]
    risicos: list[RapportRisico] = Field(description="Risk profiles changed since the previous report only.")


class RapportPrognose(Out):
    """An indicator's prognoses beside its latest measurement up to the period: apart, never mixed into a course."""

    code: str
    indicator: str
    eenheid: str | None
    laatste_meting: RapportWaarde | None = Field(description="The latest value measured by the period's end.")
    prognoses: list[dict] = Field(description="[{periode, waarde, scenario, bron}] by period.")


class RapportWijkwaarde(Out):
    gebied: str
    naam: str | None
    waarde: str | None = Field(description="Decimal string; null: no value for this wijk.")


class RapportKaart(Out):
    """An indicator over the wijken in the latest period by the report's end that has values per wijk."""

    code: str
    indicator: str
    eenheid: str | None
    periode: str
    registerjaar: int = Field(description="The year of the register whose outlines are drawn.")
    waarden: list[RapportWijkwaarde] = Field(description="Every wijk of the register, in code order.")
    svg: str = Field(description="The map (`stuurcyclus_common.kaart`), as the HTML and the PDF show it.")


class Halfjaarrapportage(Out):
    gemeente: str
    gemeentenaam: str | None = Field(default=None, description="The municipality's name (CBS list).")
    periode: str = Field(description="Half year, e.g. `2020S2`.")
    titel: str
    status: Literal["concept", "vastgesteld"] = Field(
        default="concept", description="`concept`: built from the data as it is now; `vastgesteld`: published, frozen."
    )
    vastgesteld_op: datetime | None = Field(default=None, description="When it was published; null for a draft.")
    gegenereerd_op: datetime | None = Field(
        default=None,
        description="When a published report was frozen (= `vastgesteldOp`); null for a draft: the moment of reading "
        "is no part of the report, so the same data gives the same bytes and ETag.",
    )
    dataversie: str = Field(description="SHA-256 of the data the report was built from (not of this timestamp).")
    teksten: list[RapporttekstRead] = Field(
        default=[], description="The chapters staff wrote for this half year (introduction, communication, …)."
    )
    bronnen: dict[str, int] = Field(description="Versions of the read models it used (financien's overview, …).")
    sporen: list[RapportSpoor]
    financien: dict | None = Field(description="financien's overview (Totaalopgave, target vs realised, budget lines).")
    iv3: dict | None = Field(
        default=None, description="The latest CBS Iv3 figures per track and of the size class (financien's event)."
    )
    ontwikkelingen: list[OntwikkelingRead] = Field(default=[], description="Developments recorded for this half year.")
    lessen: list[LesRead] = Field(default=[], description="Lessons and results recorded for this half year.")
    maatregelen: list[MaatregelRead] = Field(
        default=[], description="The measures and their state (with a half year that has developments or lessons)."
    )
    prognoses: list[RapportPrognose] = Field(
        default=[], description="Prognoses beside the latest measurements (with a half year that has developments)."
    )
    kaarten: list[RapportKaart] = Field(
        default=[],
        description="The monitoring chapter's maps: each indicator with values per wijk by the period's end.",
    )


class PublicatieRead(Out):
    id: uuid.UUID
    gemeente: str = Field(validation_alias="tenant")
    periode: str
    versie: int
    dataversie: str
    gepubliceerd_op: datetime
