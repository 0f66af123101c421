"""The event catalogue: versioned contracts, one documented AsyncAPI file kept current, envelopes that round-trip."""

from __future__ import annotations

import json
import re
from pathlib import Path

from stuurcyclus_common.contracts.sporen import SpoorAangemaakt
from stuurcyclus_common.events import CATALOGUE, EventEnvelope
from stuurcyclus_common.events.asyncapi import asyncapi_document
from stuurcyclus_common.events.envelope import subject_for_type

DOCUMENT = Path(__file__).resolve().parents[1] / "docs" / "asyncapi.json"


def test_committed_asyncapi_document_is_current() -> None:
    committed = json.loads(DOCUMENT.read_text())
    assert committed == asyncapi_document(), "run: stuurcyclus events asyncapi > docs/asyncapi.json"


def test_every_contract_is_versioned_and_documented() -> None:
    assert CATALOGUE
    document = asyncapi_document()
    for event_type, model in CATALOGUE.items():
        assert re.fullmatch(r"nl\.stuurcyclus\.[a-z]+\.[a-z][a-z0-9_]*\.[a-z_]+\.v\d+", event_type), event_type
        assert model.__doc__, f"{model.__name__} needs a docstring: it is the event's documentation"
        assert any(m["name"] == event_type for m in document["components"]["messages"].values())


def test_envelope_round_trips_and_names_its_subject() -> None:
    data = SpoorAangemaakt(
        spoorId="5b0e9b8e-3f0a-4d8e-9a43-0c1f4c5e2a11", nummer=1, naam="Sterke sociale basis", status="actief", versie=1
    )
    envelope = EventEnvelope.wrap(data, tenant="GM0193", subject="5b0e9b8e-3f0a-4d8e-9a43-0c1f4c5e2a11")
    again = EventEnvelope.model_validate_json(envelope.model_dump_json())
    assert again == envelope
    assert again.type == "nl.stuurcyclus.sporen.spoor.aangemaakt.v1"
    assert again.source == "/stuurcyclus/sporen" and again.specversion == "1.0"
    assert again.payload(SpoorAangemaakt) == data
    assert subject_for_type(again.type, "stuurcyclus") == "stuurcyclus.sporen.spoor.aangemaakt"
