"""The channels (*kanalen*): one per kind of thing in the event catalogue, e.g. `gesprekstafels-besluit`.

A channel's filters are the characteristics (*kenmerken*) its events carry: `actie` and the simple fields of their
data (ids, codes, names, amounts). A message names its main object by URL, as the Notificaties API does.
"""

from __future__ import annotations

import json
import re
import types
import typing
import uuid
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from stuurcyclus_common.contracts import gesprekstafels  # noqa: F401  (registers the catalogue)
from stuurcyclus_common.events import CATALOGUE, EventEnvelope
from stuurcyclus_common.events.envelope import EventData

SIMPLE = (str, int, uuid.UUID)
#: Where the main object of each kind of event is read (a GET route of its service, `{field}` from the event's data):
#: a notification's `hoofdObject`/`resourceUrl` is this URL, and `tests/test_notificaties.py` checks every kind
#: against the merged OpenAPI. A kind without its own resource points at the collection it belongs to; a path that
#: starts with `/` is another service's (an answer kept on the thing it answers).
RESOURCES: dict[tuple[str, str], str] = {
    ("gesprekstafels", "besluit"): "besluiten/{besluitId}",
    ("gesprekstafels", "aanvraag"): "aanvragen/{aanvraagId}",
    ("gesprekstafels", "toekenning"): "aanvragen/{aanvraagId}",
    ("gesprekstafels", "verantwoording"): "aanvragen/{aanvraagId}/verantwoording",
    ("gesprekstafels", "uitvraag"): "uitvragen/{uitvraagId}",
    ("gesprekstafels", "fase"): "cycli/{jaar}",
    ("gesprekstafels", "betaling"): "betalingen/{betalingId}",
    ("sporen", "spoor"): "sporen/{spoorId}",
    ("sporen", "ambitie"): "ambities/{ambitieId}",
    ("sporen", "beweging"): "bewegingen/{bewegingId}",
    ("sporen", "aandachtsgroep"): "aandachtsgroepen",
    ("sporen", "opgave"): "opgaven",
    ("sporen", "interventie"): "interventies/{interventieId}",
    ("sporen", "resultaatafspraak"): "interventies/{interventieId}/resultaatafspraken",
    ("sporen", "voortgang"): "sporen/{spoorId}/voortgang",
    ("sporen", "rapporttekst"): "rapportteksten/{rapporttekstId}",
    ("sporen", "risico"): "risicos/{risicoId}",
    ("sporen", "maatregel"): "maatregelen/{maatregelId}",
    ("sporen", "ontwikkeling"): "ontwikkelingen/{ontwikkelingId}",
    ("sporen", "les"): "lessen/{lesId}",
    ("sporen", "spoorstand"): "sporen/{spoorId}/standen",
    ("financien", "begroting"): "begrotingen",
    ("financien", "reservering"): "reserveringen",
    ("financien", "subsidieplafond"): "subsidieplafonds",
    ("financien", "overzicht"): "rapportages/totaalopgave",
    ("financien", "iv3"): "iv3/{jaar}/sporen",
    ("indicatoren", "indicator"): "indicatoren",
    ("indicatoren", "metingen"): "indicatoren",
    ("indicatoren", "koers"): "indicatoren/{indicator}/koers",
    ("indicatoren", "reeks"): "koersoverzicht",
    ("indicatoren", "gebieden"): "gebieden",
    # indicatoren's answer on a partner's report: the report itself, which keeps the answer (another service's route)
    ("indicatoren", "verantwoording"): "/gesprekstafels/aanvragen/{aanvraagId}/verantwoording",
}
_FIELD = re.compile(r"\{(\w+)\}")


def resource_path(service: str, entity: str, data: dict[str, Any], subject: str | None) -> str:
    """The path of an event's main object: its kind's template with the event's fields (the subject where a field
    is missing)."""
    template = RESOURCES.get((service, entity), f"{entity}/{{subject}}")
    values = data | {"subject": subject}
    path = _FIELD.sub(lambda m: str(values.get(m.group(1)) or subject), template)
    return f"/api/v1{path}" if path.startswith("/") else f"/api/v1/{service}/{path}"


@dataclass(frozen=True)
class Kanaal:
    naam: str
    service: str
    entity: str
    acties: tuple[str, ...]
    filters: tuple[str, ...]
    documentatie: str


def _simple(annotation: Any) -> bool:
    args = (
        typing.get_args(annotation) if isinstance(annotation, types.UnionType) or typing.get_origin(annotation) else ()
    )
    candidates = [a for a in args if a is not type(None)] or [annotation]
    return all(isinstance(c, type) and issubclass(c, SIMPLE) for c in candidates)


def _build() -> dict[str, Kanaal]:
    grouped: dict[tuple[str, str], list[type[EventData]]] = {}
    for contract in CATALOGUE.values():
        name = contract.event_name
        if name.service != "notificaties":
            grouped.setdefault((name.service, name.entity), []).append(contract)
    kanalen = {}
    for (service, entity), contracts in sorted(grouped.items()):
        fields = sorted({f for c in contracts for f, info in c.model_fields.items() if _simple(info.annotation)})
        naam = f"{service}-{entity}"
        kanalen[naam] = Kanaal(
            naam=naam,
            service=service,
            entity=entity,
            acties=tuple(sorted({c.event_name.action for c in contracts})),
            filters=("actie", *fields),
            documentatie=f"/api/v1/asyncapi.json#{service}.{entity}",
        )
    return kanalen


KANALEN = _build()


def _type_parts(envelope: EventEnvelope) -> list[str]:
    return envelope.type.split(".")  # nl.stuurcyclus.<service>.<entity>.<action>.v<n>


def kanaal_naam(envelope: EventEnvelope) -> str:
    """The channel an event belongs to, e.g. `gesprekstafels-besluit` ('' for a type not shaped as ours)."""
    parts = _type_parts(envelope)
    return f"{parts[2]}-{parts[3]}" if len(parts) >= 6 else ""


def kanaal_of(envelope: EventEnvelope) -> Kanaal | None:
    return KANALEN.get(kanaal_naam(envelope))


def kenmerken(kanaal: Kanaal, envelope: EventEnvelope) -> dict[str, str]:
    data = envelope.data or {}
    found = {"actie": _type_parts(envelope)[4]}
    for name in kanaal.filters[1:]:
        if data.get(name) is not None:
            found[name] = kenmerk_waarde(data[name])
    return found


def kenmerk_waarde(value: Any) -> str:
    """A characteristic as the Notificaties API carries it: a string; a list or object JSON-encoded."""
    if isinstance(value, list | dict):
        return json.dumps(value, ensure_ascii=False, separators=(",", ":"))
    if isinstance(value, bool):
        return "true" if value else "false"
    return str(value)


def matches(filters: dict[str, str], found: dict[str, str]) -> bool:
    """A subscription's filters match when every one equals the event's characteristic (`*` matches any)."""
    return all(value in ("*", found.get(key)) for key, value in filters.items())


def bericht(kanaal: Kanaal, envelope: EventEnvelope, found: dict[str, str], base_url: str) -> dict[str, Any]:
    """The message as the Notificaties API shapes it (`found`: the event's `kenmerken`)."""
    url = base_url.rstrip("/") + resource_path(kanaal.service, kanaal.entity, envelope.data or {}, envelope.subject)
    created = envelope.time if isinstance(envelope.time, datetime) else datetime.fromisoformat(str(envelope.time))
    return {
        "kanaal": kanaal.naam,
        "hoofdObject": url,
        "resource": kanaal.entity,
        "resourceUrl": url,
        "actie": found["actie"],
        "aanmaakdatum": created.isoformat(),
        "kenmerken": {k: v for k, v in found.items() if k != "actie"},
    }
