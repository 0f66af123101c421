"""Bodies of the subsidy register: a dossier, an import's counts, totals, and a call's applications beside it."""

from __future__ import annotations

import uuid

from pydantic import BaseModel, Field


class BestaandeSubsidieRead(BaseModel):
    dossiernummer: str
    jaar: int = Field(description="The subsidy year.")
    aanvrager: str | None = Field(description="As the register names it; not shown to a partner for a private person.")
    particulier: bool = Field(description="A private person (`(Particulier)` in the register).")
    regeling: str
    beleidsterrein: str | None
    organisatieonderdeel: str | None
    projectnaam: str | None
    periodiciteit: str | None = Field(description="eenmalig / periodiek")
    aangevraagdCent: int | None
    verleendCent: int | None
    vastgesteldCent: int | None = Field(description="None: not (yet) settled.")


class RegisterResult(BaseModel):
    rijen: int = Field(description="Rows read.")
    nieuw: int = Field(description="Dossiers new to the platform.")
    gewijzigd: int = Field(description="Dossiers whose row changed (e.g. settled since): the row as now published.")
    ongewijzigd: int = Field(description="The same row again: nothing written.")
    jaren: list[int] = Field(description="The subsidy years in the file.")


class Totaal(BaseModel):
    naam: str = Field(description="The applicant or the scheme.")
    jaar: int
    dossiers: int
    aangevraagdCent: int
    verleendCent: int
    vastgesteldCent: int


class VergelijkingRead(BaseModel):
    """An application of the call beside its applicant's dossiers in the register."""

    aanvraagId: uuid.UUID
    partner: str
    titel: str
    bedragCent: int
    status: str
    bestaandeDossiers: int = Field(description="Dossiers of the applicant in the register.")
    verleendPerJaar: dict[str, int] = Field(description="Granted in cents per subsidy year.")
    regelingen: list[str] = Field(description="The schemes it was granted under.")
    periodiek: bool = Field(description="At least one periodic subsidy.")
