"""Traces (issue 29, item 2): a W3C `traceparent` sent to the gateway is continued by the service (its log lines carry
the trace id), travels in the event the change raises (CloudEvents' distributed-tracing extension `traceparent`), and
is continued by the consumers that apply it (their log lines carry it too). A request without one starts a trace."""

from __future__ import annotations

import json
import secrets
from pathlib import Path

import httpx
import nats
from stuurcyclus_common.events import EventEnvelope
from stuurcyclus_common.events.streams import stream_name

from .support import RunningPlatform, auth_headers, eventually, fetched, unique_tenant


def _lines_with(log_dir: Path, prefix: str, trace_id: str) -> list[dict]:
    found = []
    for path in log_dir.glob(f"{prefix}*.log"):
        for line in path.read_text(errors="replace").splitlines():
            if trace_id in line and line.startswith("{"):
                found.append(json.loads(line))
    return found


async def test_a_trace_crosses_gateway_service_event_and_consumer(platform: RunningPlatform, tmp_root: Path) -> None:
    trace_id = secrets.token_hex(16)
    traceparent = f"00-{trace_id}-{secrets.token_hex(8)}-01"
    tenant = unique_tenant()
    headers = auth_headers(platform, tenant) | {"traceparent": traceparent}
    async with httpx.AsyncClient(base_url=platform.gateway, headers=headers) as api:
        created = await api.post("/api/v1/sporen/sporen", json={"nummer": 4, "naam": "Participatie"})
    assert created.status_code == 201
    log_dir = tmp_root / "logs"

    async def served() -> list[dict]:
        return [line for line in _lines_with(log_dir, "sporen", trace_id) if line.get("event") == "request"]

    (request_line, *_) = await eventually(served, timeout=10)
    assert request_line["trace_id"] == trace_id and request_line["status"] == 201

    nc = await nats.connect(platform.infra.nats_url)
    try:
        sub = await nc.jetstream().pull_subscribe(
            f"{platform.prefix}.sporen.{tenant}.>", stream=stream_name(platform.prefix, "sporen")
        )
        messages = await eventually(lambda: fetched(sub, 10))
        envelopes = [EventEnvelope.model_validate_json(m.data) for m in messages]
    finally:
        await nc.close()
    raised = next(e for e in envelopes if e.type.endswith("spoor.aangemaakt.v1"))
    assert raised.traceparent and raised.traceparent.split("-")[1] == trace_id
    assert raised.traceparent != traceparent, "the event is a span of its own in the caller's trace"

    async def applied() -> list[dict]:  # indicatoren and financien keep the tracks: their workers apply the event
        return [
            line for line in _lines_with(log_dir, "indicatoren-worker", trace_id) if line["event"] == "event_applied"
        ]

    (consumer_line, *_) = await eventually(applied, timeout=20)
    assert consumer_line["trace_id"] == trace_id and consumer_line["event_id"] == str(raised.id)

    started = secrets.token_hex(4)
    async with httpx.AsyncClient(base_url=platform.gateway, headers=auth_headers(platform, tenant)) as api:
        answer = await api.get("/api/v1/sporen/sporen", headers={"X-Correlation-ID": started})
    assert answer.status_code == 200

    async def own_trace() -> list[dict]:
        lines = _lines_with(log_dir, "sporen", started)
        return [line for line in lines if line.get("trace_id") and len(line["trace_id"]) == 32]

    assert await eventually(own_trace, timeout=10), "a request without a traceparent starts a trace"
