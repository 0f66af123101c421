"""Spans for OpenTelemetry, exported over OTLP when configured — off by default.

The platform carries W3C trace context everywhere anyway (`logs.bind_trace`: requests, events, consumers, webhook
deliveries). With an OTLP endpoint in the environment (`OTEL_EXPORTER_OTLP_ENDPOINT` or
`OTEL_EXPORTER_OTLP_TRACES_ENDPOINT`, the SDK's own variables, as are `OTEL_EXPORTER_OTLP_HEADERS`,
`OTEL_SERVICE_NAME` and `OTEL_SDK_DISABLED`) every request a process serves and every event a consumer applies is
also recorded as a span with the OpenTelemetry SDK and sent in batches to the collector. The span's ids are the ones
the platform uses: its trace id is the request's `trace_id` of the log lines, and what the process passes on
(a forwarded request, an event) names the span as its parent, so a collector draws gateway → service → consumer as
one trace.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from opentelemetry import trace
from opentelemetry.sdk.resources import Resource
from opentelemetry.sdk.trace import TracerProvider
from opentelemetry.sdk.trace.export import BatchSpanProcessor, SpanExporter
from opentelemetry.trace import SpanKind
from opentelemetry.trace.propagation.tracecontext import TraceContextTextMapPropagator

_propagator = TraceContextTextMapPropagator()
#: FastAPI's own (native) telemetry, off: the platform's spans are these, so no request is recorded twice, and the
#: framework does not ask the global providers on every request whether they are configured.
FRAMEWORK_OFF: Any = {"tracing": False, "metrics": False, "logs": False}
_tracer: trace.Tracer | None = None
_provider: TracerProvider | None = None


def wanted(environ: dict[str, str] | None = None) -> bool:
    """Whether the environment asks for exported spans: an OTLP endpoint, and the SDK not disabled."""
    env = os.environ if environ is None else environ
    if env.get("OTEL_SDK_DISABLED", "").strip().lower() == "true":
        return False
    return bool(env.get("OTEL_EXPORTER_OTLP_ENDPOINT") or env.get("OTEL_EXPORTER_OTLP_TRACES_ENDPOINT"))


def configure(service: str, exporter: SpanExporter | None = None) -> bool:
    """Set up the SDK for this process (once) when the environment asks for it, or with `exporter` (tests);
    returns whether spans are recorded."""
    global _tracer, _provider
    if _tracer is not None:
        return True
    if exporter is None:
        if not wanted():
            return False
        from opentelemetry.exporter.otlp.proto.http.trace_exporter import OTLPSpanExporter

        exporter = OTLPSpanExporter()  # endpoint, headers, timeout from the OTEL_EXPORTER_OTLP_* variables
    name = os.environ.get("OTEL_SERVICE_NAME") or f"stuurcyclus-{service}"
    _provider = TracerProvider(resource=Resource.create({"service.name": name, "service.namespace": "stuurcyclus"}))
    _provider.add_span_processor(BatchSpanProcessor(exporter))
    _tracer = _provider.get_tracer("stuurcyclus")
    return True


def enabled() -> bool:
    return _tracer is not None


def shutdown() -> None:
    """Send what is buffered and stop (at process exit; tests)."""
    global _tracer, _provider
    if _provider is not None:
        _provider.shutdown()
    _tracer = _provider = None


def traceparent_of(span: trace.Span) -> str:
    context = span.get_span_context()
    return f"00-{context.trace_id:032x}-{context.span_id:016x}-{int(context.trace_flags):02x}"


@contextmanager
def span(
    name: str, parent: str | None, *, kind: SpanKind = SpanKind.SERVER, attributes: dict[str, Any] | None = None
) -> Iterator[trace.Span | None]:
    """A span of `name` continuing the W3C `parent` (or starting a trace); None when spans are not recorded."""
    if _tracer is None:
        yield None
        return
    context = _propagator.extract({"traceparent": parent}) if parent else None
    with _tracer.start_as_current_span(name, context=context, kind=kind, attributes=attributes or {}) as current:
        yield current
