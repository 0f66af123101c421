"""Bodies of the cycle: tables, calls, applications, decisions, reports (camelCase on the wire; money in cents)."""

from __future__ import annotations

import uuid
from datetime import date, datetime
from typing import Annotated, Any, Literal

from pydantic import BaseModel, Field, StrictInt, StringConstraints, model_validator
from stuurcyclus_common.identity import Caller
from stuurcyclus_common.schemas import Body, Cent, Jaar, Out, PositiveCent, SisaCode

from .betalingen import Betaalschema, Betaalwijze, Voorschot
from .mandaten import Besluitvormer

Naam = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=200)]
Regel = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=1000)]
Tekst = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=10_000)]
Code = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=60)]
FaseCode = Literal[
    "thematafels-januari",
    "bestuurlijke-vertaling",
    "verantwoording",
    "gezamenlijke-tafel",
    "uitvraag",
    "thematafels-oktober",
    "begroting",
    "toekenning",
]
Rol = Literal["maatschappelijke-partner", "inwonervertegenwoordiging", "wijkteam", "gemeente-procesregisseur"]
AanvraagStatus = Literal[
    "concept", "ingediend", "in-behandeling", "voorgesteld", "toegekend", "afgewezen", "ingetrokken", "vastgesteld"
]
KvkNummer = Annotated[str, StringConstraints(pattern=r"^\d{8}$")]


class IndicatorReferentieRead(Out):
    """An indicator as this service knows it (kept from indicatoren's events): calls and reports may name it."""

    code: str
    naam: str
    status: str
    versie: int


# --- cycle ----------------------------------------------------------------------------------------------------------


class CyclusCreate(Body):
    jaar: Jaar
    subsidiejaar: Jaar | None = Field(default=None, description="Year the grants are for; default `jaar` + 1.")


class FaseRead(Out):
    code: str
    omschrijving: str
    volgorde: int
    status: Literal["gepland", "open", "gesloten"]
    gepland_van: date
    gepland_tot: date = Field(description="Deadline of the phase: the end of its last planned month.")
    te_laat: bool = Field(description="Not closed although its planned end (23:59 Europe/Amsterdam) has passed.")
    vereist: list[str] = Field(description="Phases that must be closed before this one opens.")
    wacht_op_event: str | None = Field(description="The event that closes it, if it waits for one.")
    geopend_op: datetime | None
    gesloten_op: datetime | None
    reden: str | None


class CyclusRead(Out):
    id: uuid.UUID
    gemeente: str = Field(validation_alias="tenant")
    jaar: int
    subsidiejaar: int
    huidige_fasen: list[str] = Field(description="The phases open now.")
    begroting_vastgesteld_op: date | None = Field(description="When the council adopted the subsidy year's budget.")
    fasen: list[FaseRead]


class FaseCommand(Body):
    reden: Tekst | None = None


# --- tables ---------------------------------------------------------------------------------------------------------


class Deelnemer(Body):
    naam: Naam
    organisatie: Naam | None = None
    rol: Rol


class TafelCreate(Body):
    jaar: Jaar = Field(description="Year of the cycle.")
    fase: Literal["thematafels-januari", "gezamenlijke-tafel", "thematafels-oktober"]
    ambitie_id: uuid.UUID | None = Field(
        default=None, description="Required for a theme table, absent for the joint one."
    )
    titel: Naam
    datum: date
    locatie: Naam | None = None
    deelnemers: Annotated[list[Deelnemer], Field(max_length=200)] = []


class TafelUpdate(Body):
    titel: Naam | None = None
    datum: date | None = Field(default=None, json_schema_extra={"format": "date"})
    locatie: Naam | None = None
    deelnemers: Annotated[list[Deelnemer], Field(max_length=200)] | None = None
    versie: StrictInt | None = Field(default=None, description="The version you read (or send If-Match).")


class UitkomstCreate(Body):
    soort: Literal["opgave", "prioriteit", "trend", "afspraak"]
    tekst: Tekst
    rang: StrictInt | None = Field(
        default=None, ge=1, le=100, description="Rank of a priority (1 first); only priorities."
    )

    @model_validator(mode="after")
    def _rank_only_for_priorities(self) -> UitkomstCreate:
        if (self.soort == "prioriteit") != (self.rang is not None):
            raise ValueError("rang: a priority needs a rank, other outcomes have none")
        return self


class UitkomstRead(Out):
    id: uuid.UUID
    tafel_id: uuid.UUID
    soort: str
    tekst: str
    rang: int | None
    vastgelegd_op: datetime


class TafelRead(Out):
    id: uuid.UUID
    gemeente: str = Field(validation_alias="tenant")
    jaar: int
    fase: str
    soort: str
    ambitie_id: uuid.UUID | None
    titel: str
    datum: date
    locatie: str | None
    deelnemers: list[Deelnemer]
    versie: int
    uitkomsten: list[UitkomstRead] = []
    inbreng: list[UitkomstRead] = Field(
        default=[],
        description="What feeds this table: for January, the trends of last October's table of its ambition.",
    )


# --- call -----------------------------------------------------------------------------------------------------------


class Deelplafond(Body):
    code: Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=40)]
    naam: Naam
    bedrag_cent: Cent


class UitvraagCreate(Body):
    jaar: Jaar = Field(description="Year of the cycle (the grants are for its subsidy year).")
    ambitie_id: uuid.UUID
    titel: Naam
    deadline: date = Field(description="Last day to apply; until 23:59 Europe/Amsterdam.")
    beoordeling: Literal["volgorde-van-binnenkomst", "rangschikking"] = Field(
        default="volgorde-van-binnenkomst", description="First come, first served unless the call ranks them."
    )
    doelen: Annotated[list[Regel], Field(max_length=50)] = []
    indicatoren: Annotated[list[Code], Field(max_length=100)] = Field(
        default=[], description="Codes of indicators (known in indicatoren) applicants must report on."
    )
    deelplafonds: Annotated[list[Deelplafond], Field(max_length=20)] = []
    betaalwijze: Betaalwijze | None = Field(
        default=None, description="How its grants are paid in advance; default quarterly, 100% in advance."
    )
    sisa_code: SisaCode | None = Field(
        default=None, description="SiSa regulation code its grants fall under (else the ceiling's)."
    )


class Opgave(Out):
    uitkomst_id: uuid.UUID
    soort: str
    tekst: str
    rang: int | None


class UitvraagRead(Out):
    id: uuid.UUID
    gemeente: str = Field(validation_alias="tenant")
    jaar: int
    subsidiejaar: int
    ambitie_id: uuid.UUID
    titel: str
    status: str
    deadline: date
    deadline_moment: datetime = Field(description="The deadline as a moment (23:59:59 Europe/Amsterdam).")
    beoordeling: str
    opgaven: list[Opgave]
    doelen: list[str]
    indicatoren: list[str]
    deelplafonds: list[Deelplafond]
    plafond_cent: int | None = Field(
        description="The ceiling from financien (at publication; before: the current one)."
    )
    gepubliceerd_op: datetime | None
    betaalwijze: Betaalwijze = Field(description="How its grants are paid in advance (the default, if it said none).")
    sisa_code: str | None
    versie: int


# --- applications ---------------------------------------------------------------------------------------------------


class Activiteit(Body):
    omschrijving: Regel
    aantal: StrictInt | None = Field(default=None, ge=0, le=10**9)
    eenheid: Naam | None = None


class AanvraagCreate(Body):
    uitvraag_id: uuid.UUID
    partner: Naam | None = Field(default=None, description="The applying organisation; a partner applies as itself.")
    titel: Naam
    activiteiten: Annotated[list[Activiteit], Field(min_length=1, max_length=100)]
    bedrag_cent: PositiveCent
    deelplafond: Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=40)] | None = None
    indicatoren: Annotated[list[Code], Field(max_length=100)] = Field(
        default=[], description="Indicator codes (of the call) the partner commits to report on."
    )
    kvk_nummer: KvkNummer | None = Field(default=None, description="The applicant's KvK number (8 digits).")
    vertrouwelijk: bool = Field(default=False, description="Not to be published as open data (360Giving).")


class AanvraagUpdate(Body):
    titel: Naam | None = None
    activiteiten: Annotated[list[Activiteit], Field(min_length=1, max_length=100)] | None = None
    bedrag_cent: PositiveCent | None = None
    deelplafond: Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=40)] | None = None
    indicatoren: Annotated[list[Code], Field(max_length=100)] | None = None
    kvk_nummer: KvkNummer | None = None
    vertrouwelijk: bool | None = None
    versie: StrictInt | None = None


class AanvraagRead(Out):
    id: uuid.UUID
    gemeente: str = Field(validation_alias="tenant")
    uitvraag_id: uuid.UUID
    ambitie_id: uuid.UUID
    partner: str
    titel: str
    activiteiten: list[Activiteit]
    bedrag_cent: int
    deelplafond: str | None
    indicatoren: list[str]
    status: AanvraagStatus
    reservering: str | None = Field(description="Reservation at financien: gevraagd / bevestigd / geweigerd.")
    score: int | None
    reden: str | None
    ingediend_op: datetime | None
    kvk_nummer: str | None
    vertrouwelijk: bool
    versie: int


class Behandeling(Body):
    score: StrictInt | None = Field(
        default=None, ge=0, le=1000, description="Judgement, when the call ranks applications."
    )


class Reden(Body):
    reden: Tekst


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


class VaststellingCreate(Body):
    bedrag_cent: Cent | None = Field(default=None, description="Final amount; default the lower of granted and spent.")
    toelichting: Tekst | None = None


class BesluitRead(Out):
    id: uuid.UUID
    gemeente: str = Field(validation_alias="tenant")
    identificatie: str
    aanvraag_id: uuid.UUID
    soort: str
    datum: date
    ingangsdatum: date
    vervaldatum: date | None
    vervalreden: str | None
    toelichting: str | None
    bedrag_cent: int | None
    periode: str | None
    voorwaarden: list[str]
    prestaties: list[Prestatie]
    verantwoording_uiterlijk: date | None
    betaalschema: list[Voorschot] = Field(description="The advances the grant states (the ledger pays them).")
    besluitvormers: list[Besluitvormer] | None = Field(
        description="Who decided; two when it was above one's mandate. For the municipality's staff: null for a "
        "partner (the decision is the municipality's, not its civil servants')."
    )

    def for_caller(self, caller: Caller) -> BesluitRead:
        """The decision as `caller` may see it: a partner does not see the deciders' subjects and mandates."""
        return self if caller.rol != "partner" else self.model_copy(update={"besluitvormers": None})

    sisa_code: str | None


class StatuswijzigingRead(Out):
    van: str | None
    naar: str
    door: str
    reden: str | None
    op: datetime


# --- accountability -------------------------------------------------------------------------------------------------

Periode = Annotated[str, StringConstraints(pattern=r"^\d{4}(S[12]|Q[1-4]|(0[1-9]|1[0-2]))?$")]
Gebied = Annotated[str, StringConstraints(pattern=r"^(GM\d{4}|WK\d{6}|BU\d{8})$")]


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


class TussenrapportageRegel(Out):
    ambitie_id: uuid.UUID
    ambitie: str | None
    toegekend_aantal: int
    toegekend_cent: int
    verantwoord_aantal: int
    besteed_cent: int
    vastgesteld_aantal: int
    vastgesteld_cent: int
    teruggevorderd_cent: int


class Tussenrapportage(Out):
    subsidiejaar: int
    ambities: list[TussenrapportageRegel]


class Termijn(Out):
    soort: Literal["fase", "uitvraag", "verantwoording"]
    omschrijving: str
    partner: str | None
    uiterlijk: datetime = Field(description="Deadline moment, Europe/Amsterdam.")
    status: Literal["open", "verlopen", "voldaan"]
    verwijzing: str = Field(description="What it is about: a phase code, a call id or an application id.")


class Giving360Package(BaseModel):
    """A 360Giving Data Standard package (https://standard.threesixtygiving.org): the grants as open data, each with
    the standard's required fields (`id`, `title`, `description`, `currency`, `amountAwarded`, `awardDate`,
    `recipientOrganization`, `fundingOrganization`) and `amountAppliedFor`, `amountDisbursed`, `grantProgramme`,
    `fromOpenCall`, `plannedDates`, `beneficiaryLocation`. Field names are the standard's own."""

    grants: list[dict[str, Any]]
    version: str = Field(description="The version of the 360Giving schema the package follows.")
