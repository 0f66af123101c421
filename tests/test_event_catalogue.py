"""The event catalogue: versioned contracts, one documented AsyncAPI file kept current, envelopes that round-trip."""

from __future__ import annotations

import json
import re
from datetime import datetime
from pathlib import Path

from stuurcyclus_common.contracts.sporen import SpoorAangemaakt
from stuurcyclus_common.events import CATALOGUE, EventEnvelope
from stuurcyclus_common.events import envelope as envelope_module
from stuurcyclus_common.events.asyncapi import asyncapi_document
from stuurcyclus_common.events.envelope import EXTENSION_ATTRIBUTES, legacy_subject_for_type, subject_for_type

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
    assert again.source == "urn:nld:cbs:GM0193:systeem:stuurcyclus-sporen" and again.specversion == "1.0"
    assert again.payload(SpoorAangemaakt) == data
    assert subject_for_type(again.type, "stuurcyclus", "GM0193") == "stuurcyclus.sporen.GM0193.spoor.aangemaakt"
    assert legacy_subject_for_type(again.type, "stuurcyclus") == "stuurcyclus.sporen.spoor.aangemaakt"


def test_every_envelope_follows_the_nl_gov_profile_for_cloudevents(monkeypatch) -> None:
    """Over the whole catalogue: `source` a URN in the `nld` namespace (the municipality's OIN where configured),
    `type` reverse-DNS with exactly one `v<N>`, extension attributes lower-case and at most 20 characters, `time` in
    RFC 3339 and documented, and the municipality second in every subject."""
    monkeypatch.setenv("EVENT_OIN", '{"GM0193": "00000001001234567000"}')
    envelope_module._oins.cache_clear()
    try:
        standard = {"id", "source", "specversion", "type", "datacontenttype", "dataschema", "subject", "time", "data"}
        extensions = set(EventEnvelope.model_fields) - standard
        assert extensions == set(EXTENSION_ATTRIBUTES)
        for name in EventEnvelope.model_fields:
            assert re.fullmatch(r"[a-z0-9]{1,20}", name), f"attribute {name!r}: lower-case a-z/0-9, at most 20"
        assert "logged" in (EventEnvelope.model_fields["time"].description or ""), "the meaning of time is documented"
        for event_type, model in CATALOGUE.items():
            assert re.fullmatch(r"[a-z]+(\.[a-z][a-z0-9_-]*)+\.v\d+", event_type), event_type
            assert len(re.findall(r"\.v\d+(?=\.|$)", event_type)) == 1, f"{event_type}: one version"
            for tenant, expected in (
                ("GM0193", f"urn:nld:oin:00000001001234567000:systeem:stuurcyclus-{model.event_name.service}"),
                ("GM0363", f"urn:nld:cbs:GM0363:systeem:stuurcyclus-{model.event_name.service}"),
            ):
                envelope = EventEnvelope(
                    source=model.event_name.source(tenant), type=event_type, tenant=tenant, data={}
                )
                assert envelope.source == expected
                assert re.fullmatch(r"urn:nld:[a-z]+:[0-9A-Z]+:systeem:[a-z-]+", envelope.source)
                wire = json.loads(envelope.model_dump_json())
                assert datetime.fromisoformat(wire["time"].replace("Z", "+00:00")).tzinfo is not None
                subject = subject_for_type(event_type, "stuurcyclus", tenant)
                assert subject.split(".")[2] == tenant, subject
    finally:
        envelope_module._oins.cache_clear()
