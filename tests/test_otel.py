"""Spans for OpenTelemetry (issue 29, item 2): off by default; with an OTLP endpoint every request a process serves is
recorded as a span with the SDK and exported over OTLP/HTTP — its trace id the caller's, its parent the caller's span,
and what the process passes on names it as parent. A real OTLP/HTTP receiver on loopback takes the export."""

from __future__ import annotations

import threading
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, HTTPServer

import httpx
import pytest
from fastapi import FastAPI
from opentelemetry.exporter.otlp.proto.http.trace_exporter import OTLPSpanExporter
from opentelemetry.proto.collector.trace.v1.trace_service_pb2 import ExportTraceServiceRequest
from stuurcyclus_common import otel
from stuurcyclus_common.http import RequestContextMiddleware
from stuurcyclus_common.logs import child_traceparent


@pytest.fixture
def collector() -> Iterator[tuple[str, list[bytes]]]:
    received: list[bytes] = []

    class Receiver(BaseHTTPRequestHandler):
        def do_POST(self) -> None:  # noqa: N802  (the standard library's name)
            received.append(self.rfile.read(int(self.headers["Content-Length"])))
            self.send_response(200)
            self.send_header("Content-Type", "application/x-protobuf")
            self.end_headers()

        def log_message(self, *args: object) -> None:
            pass

    server = HTTPServer(("127.0.0.1", 0), Receiver)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield f"http://127.0.0.1:{server.server_port}/v1/traces", received
    server.shutdown()
    otel.shutdown()


def test_off_unless_an_otlp_endpoint_is_configured() -> None:
    assert not otel.wanted({})
    assert otel.wanted({"OTEL_EXPORTER_OTLP_ENDPOINT": "http://collector:4318"})
    assert otel.wanted({"OTEL_EXPORTER_OTLP_TRACES_ENDPOINT": "http://collector:4318/v1/traces"})
    assert not otel.wanted({"OTEL_EXPORTER_OTLP_ENDPOINT": "http://collector:4318", "OTEL_SDK_DISABLED": "true"})
    assert not otel.enabled() and otel.configure("sporen") is False, "the test run configures none"


async def test_a_request_is_a_span_exported_over_otlp_in_the_callers_trace(collector: tuple[str, list[bytes]]) -> None:
    endpoint, received = collector
    assert otel.configure("sporen", exporter=OTLPSpanExporter(endpoint=endpoint))
    onwards: list[str | None] = []
    app = FastAPI()

    @app.get("/sporen/{spoorId}")
    async def read(spoorId: str) -> dict:
        onwards.append(child_traceparent())  # what a forwarded request or a published event would carry
        return {"id": spoorId}

    trace_id, caller_span = "4bf92f3577b34da6a3ce929d0e0e4736", "00f067aa0ba902b7"
    transport = httpx.ASGITransport(app=RequestContextMiddleware(app))
    async with httpx.AsyncClient(transport=transport, base_url="http://test") as client:
        answer = await client.get("/sporen/42", headers={"traceparent": f"00-{trace_id}-{caller_span}-01"})
    assert answer.status_code == 200
    otel.shutdown()  # flushes the batch to the collector

    spans = [
        span
        for body in received
        for resource in ExportTraceServiceRequest.FromString(body).resource_spans
        for scope in resource.scope_spans
        for span in scope.spans
    ]
    (span,) = spans
    assert span.trace_id.hex() == trace_id and span.parent_span_id.hex() == caller_span
    assert span.name == "GET /sporen/{spoorId}"
    attributes = {a.key: a.value for a in span.attributes}
    assert attributes["http.route"].string_value == "/sporen/{spoorId}"
    assert attributes["http.response.status_code"].int_value == 200
    service = ExportTraceServiceRequest.FromString(received[0]).resource_spans[0].resource.attributes
    assert {a.key: a.value.string_value for a in service}["service.name"] == "stuurcyclus-sporen"
    assert onwards == [f"00-{trace_id}-{span.span_id.hex()}-01"], "what it passes on names the recorded span"
