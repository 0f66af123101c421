"""Events of the sporen service: the reform agenda (tracks, movements, ambitions, uitklapmodel, progress, risks).

Each carries the identity of the thing and its version after the change; consumers that need more read it from
the sporen API. `…aangemaakt` for a new thing, `…gewijzigd` for a change, `risico.herzien` for a new assessment.
"""

from __future__ import annotations

import uuid

from pydantic import Field

from ..events.envelope import EventData, Zichtbaarheid, contract


class SpoorSnapshot(EventData):
    """The identity of a track as other services need it (they keep it in their own read models)."""

    spoorId: uuid.UUID = Field(description="Id of the track in the sporen service.")
    nummer: int = Field(description="Number of the track in the agenda (1–6 in Zwolle's).")
    naam: str = Field(description="Name of the track.")
    status: str = Field(description="Status of the track, e.g. `actief`.")
    versie: int = Field(description="Version of the track after this change; increases by one per change.")


@contract("sporen", "spoor", "aangemaakt", version=1, zichtbaarheid=Zichtbaarheid.OPENBAAR)
class SpoorAangemaakt(SpoorSnapshot):
    """A track was added to a municipality's reform agenda."""


@contract("sporen", "spoor", "gewijzigd", version=1, zichtbaarheid=Zichtbaarheid.OPENBAAR)
class SpoorGewijzigd(SpoorSnapshot):
    """A track changed; carries its identifying fields after the change."""


class BewegingSnapshot(EventData):
    bewegingId: uuid.UUID
    code: str = Field(description="A–D.")
    naam: str
    versie: int


@contract("sporen", "beweging", "aangemaakt", version=1, zichtbaarheid=Zichtbaarheid.OPENBAAR)
class BewegingAangemaakt(BewegingSnapshot):
    """A movement (*beweging*) of the agenda was added."""


@contract("sporen", "beweging", "gewijzigd", version=1, zichtbaarheid=Zichtbaarheid.OPENBAAR)
class BewegingGewijzigd(BewegingSnapshot):
    """A movement changed."""


class AmbitieSnapshot(EventData):
    ambitieId: uuid.UUID = Field(description="Id of the ambition; gesprekstafels and financien refer to it.")
    nummer: int
    naam: str
    versie: int


@contract("sporen", "ambitie", "aangemaakt", version=1, zichtbaarheid=Zichtbaarheid.OPENBAAR)
class AmbitieAangemaakt(AmbitieSnapshot):
    """An ambition of the sociale basis was added."""


@contract("sporen", "ambitie", "gewijzigd", version=1, zichtbaarheid=Zichtbaarheid.OPENBAAR)
class AmbitieGewijzigd(AmbitieSnapshot):
    """An ambition changed."""


class AandachtsgroepSnapshot(EventData):
    aandachtsgroepId: uuid.UUID
    naam: str
    versie: int


@contract("sporen", "aandachtsgroep", "aangemaakt", version=1, zichtbaarheid=Zichtbaarheid.OPENBAAR)
class AandachtsgroepAangemaakt(AandachtsgroepSnapshot):
    """An attention group of the sociale basis was added."""


class OpgaveSnapshot(EventData):
    opgaveId: uuid.UUID
    jaar: int
    naam: str
    soort: str
    versie: int


@contract("sporen", "opgave", "aangemaakt", version=1, zichtbaarheid=Zichtbaarheid.OPENBAAR)
class OpgaveAangemaakt(OpgaveSnapshot):
    """A city or neighbourhood task of a year was added."""


class InterventieSnapshot(EventData):
    interventieId: uuid.UUID
    spoorId: uuid.UUID
    naam: str
    versie: int


@contract("sporen", "interventie", "aangemaakt", version=1, zichtbaarheid=Zichtbaarheid.OPENBAAR)
class InterventieAangemaakt(InterventieSnapshot):
    """An intervention (level 2 of the uitklapmodel) was added to a track."""


@contract("sporen", "interventie", "gewijzigd", version=1, zichtbaarheid=Zichtbaarheid.OPENBAAR)
class InterventieGewijzigd(InterventieSnapshot):
    """An intervention changed."""


class ResultaatafspraakSnapshot(EventData):
    resultaatafspraakId: uuid.UUID
    interventieId: uuid.UUID
    spoorId: uuid.UUID
    partner: str
    versie: int


@contract("sporen", "resultaatafspraak", "aangemaakt", version=1, zichtbaarheid=Zichtbaarheid.OPENBAAR)
class ResultaatafspraakAangemaakt(ResultaatafspraakSnapshot):
    """A result agreement (level 3 of the uitklapmodel) was made with a partner."""


@contract("sporen", "resultaatafspraak", "gewijzigd", version=1, zichtbaarheid=Zichtbaarheid.OPENBAAR)
class ResultaatafspraakGewijzigd(ResultaatafspraakSnapshot):
    """A result agreement changed."""


class VoortgangSnapshot(EventData):
    voortgangId: uuid.UUID
    spoorId: uuid.UUID
    periode: str = Field(description="Half year, e.g. `2020S1`.")
    versie: int


@contract("sporen", "voortgang", "vastgelegd", version=1, zichtbaarheid=Zichtbaarheid.OPENBAAR)
class VoortgangVastgelegd(VoortgangSnapshot):
    """The progress of a track over a half year was recorded."""


@contract("sporen", "voortgang", "gewijzigd", version=1, zichtbaarheid=Zichtbaarheid.OPENBAAR)
class VoortgangGewijzigd(VoortgangSnapshot):
    """A progress record changed."""


class RapporttekstSnapshot(EventData):
    rapporttekstId: uuid.UUID
    periode: str = Field(description="Half year, e.g. `2020S2`.")
    hoofdstuk: str = Field(description="The chapter: inleiding, communicatie, monitoring, financien, risicoprofiel.")
    versie: int


@contract("sporen", "rapporttekst", "vastgelegd", version=1, zichtbaarheid=Zichtbaarheid.GEMEENTE)
class RapporttekstVastgelegd(RapporttekstSnapshot):
    """Staff wrote a chapter of a half-year report (a draft until the report is published)."""


@contract("sporen", "rapporttekst", "gewijzigd", version=1, zichtbaarheid=Zichtbaarheid.GEMEENTE)
class RapporttekstGewijzigd(RapporttekstSnapshot):
    """A chapter of a half-year report changed."""


class RisicoSnapshot(EventData):
    risicoId: uuid.UUID
    spoorId: uuid.UUID
    titel: str
    versie: int = Field(description="Number of the revision this event reports.")
    periode: str
    onderdelen: list[str]
    weging: str | None = Field(description="hoog/midden/laag, or null where not weighed.")
    bedragCent: int | None = Field(description="Size of the risk in euro cents, if quantified.")
    kans: int | None = Field(default=None, description="Likelihood 1 (rare) to 5 (almost certain), if judged.")
    impact: int | None = Field(default=None, description="Impact 1 (small) to 5 (very large), if judged.")


@contract("sporen", "risico", "aangemaakt", version=1, zichtbaarheid=Zichtbaarheid.OPENBAAR)
class RisicoAangemaakt(RisicoSnapshot):
    """A risk was added to a track's risk profile, with its first assessment."""


@contract("sporen", "risico", "herzien", version=1, zichtbaarheid=Zichtbaarheid.OPENBAAR)
class RisicoHerzien(RisicoSnapshot):
    """A risk was assessed anew (the previous assessment is kept)."""


# --- past 2020: measures, developments, lessons and results, a track's state per period ---------------------------


class MaatregelSnapshot(EventData):
    maatregelId: uuid.UUID
    code: str = Field(description="The programme's own code, e.g. `W4`.")
    naam: str
    uitkomst: str | None = Field(default=None, description="What became of it: voortgezet, opgenomen-in-spoor, …")
    versie: int


@contract("sporen", "maatregel", "vastgelegd", version=1, zichtbaarheid=Zichtbaarheid.OPENBAAR)
class MaatregelVastgelegd(MaatregelSnapshot):
    """A measure of a programme was recorded (its effect, phases, prognosis, costs, risks)."""


@contract("sporen", "maatregel", "gewijzigd", version=1, zichtbaarheid=Zichtbaarheid.OPENBAAR)
class MaatregelGewijzigd(MaatregelSnapshot):
    """A measure changed: a phase moved on, its prognosis or its outcome."""


class OntwikkelingSnapshot(EventData):
    ontwikkelingId: uuid.UUID
    soort: str = Field(description="`trend`, `landelijk`, `wetgeving`, `financieel` or `overig`.")
    titel: str
    periode: str
    versie: int


@contract("sporen", "ontwikkeling", "vastgelegd", version=1, zichtbaarheid=Zichtbaarheid.OPENBAAR)
class OntwikkelingVastgelegd(OntwikkelingSnapshot):
    """A development around the agenda was recorded (a trend, a national programme, a law)."""


@contract("sporen", "ontwikkeling", "gewijzigd", version=1, zichtbaarheid=Zichtbaarheid.OPENBAAR)
class OntwikkelingGewijzigd(OntwikkelingSnapshot):
    """A development changed (e.g. its date in force)."""


class LesSnapshot(EventData):
    lesId: uuid.UUID
    soort: str = Field(description="`les` (a lesson) or `resultaat` (a result of the period).")
    titel: str
    periode: str
    versie: int


@contract("sporen", "les", "vastgelegd", version=1, zichtbaarheid=Zichtbaarheid.OPENBAAR)
class LesVastgelegd(LesSnapshot):
    """A lesson or a result of a period was recorded."""


@contract("sporen", "les", "gewijzigd", version=1, zichtbaarheid=Zichtbaarheid.OPENBAAR)
class LesGewijzigd(LesSnapshot):
    """A lesson or a result changed."""


@contract("sporen", "spoorstand", "vastgelegd", version=1, zichtbaarheid=Zichtbaarheid.OPENBAAR)
class SpoorstandVastgelegd(EventData):
    """A track's state in a period was recorded (active, changed scope, completed, evaluated)."""

    spoorstandId: uuid.UUID
    spoorId: uuid.UUID
    periode: str
    status: str = Field(description="`actief`, `gewijzigd`, `afgerond` or `geevalueerd`.")
