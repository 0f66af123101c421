"""Structured logs (structlog): one JSON object per line, carrying the correlation id of the request or event.

The correlation id lives in a context variable (`structlog.contextvars`), bound by the HTTP middleware for a
request and by the consumer for an event, so every log line written while handling it carries it, including
lines from the standard library's `logging` (uvicorn, SQLAlchemy) which are routed through the same processors.
"""

from __future__ import annotations

import datetime
import logging
import random
import re
import sys
import time
import uuid
from collections.abc import MutableMapping
from contextvars import ContextVar
from typing import Any

import orjson
import structlog
import structlog.tracebacks

from . import otel
from .secrecy import is_secret_name, redact

_correlation_id: ContextVar[str | None] = ContextVar("correlation_id", default=None)


def get_correlation_id() -> str | None:
    return _correlation_id.get()


def bind_correlation_id(value: str | None = None) -> str:
    """Make `value` (or a fresh id) the correlation id of the current context and of its log lines."""
    value = value or fresh_uuid()
    _correlation_id.set(value)
    structlog.contextvars.bind_contextvars(correlation_id=value)
    return value


def fresh_uuid() -> str:
    """A random (version 4) UUID from the process's Mersenne Twister, not the kernel: ids that must be unique, not
    unguessable (as OpenTelemetry's own id generator makes them) — `uuid4()` cost a system call on every request.
    The `random` module reseeds itself in a forked child, so worker processes never repeat each other's ids."""
    return str(uuid.UUID(int=random.getrandbits(128), version=4))


def _hex_id(bits: int) -> str:
    """A trace id (128 bits) or span id (64 bits) as W3C Trace Context writes it: hex, never all zeros."""
    return f"{random.getrandbits(bits) or 1:0{bits // 4}x}"


#: W3C Trace Context: `00-<trace id, 32 hex>-<parent span id, 16 hex>-<flags, 2 hex>`.
TRACEPARENT = re.compile(r"^00-([0-9a-f]{32})-([0-9a-f]{16})-([0-9a-f]{2})$")
_traceparent: ContextVar[str | None] = ContextVar("traceparent", default=None)


def bind_trace(traceparent: str | None = None, *, own_span: bool = False) -> str:
    """Continue the caller's trace (a valid W3C `traceparent`), or start one; every log line of the context then
    carries its `trace_id` beside the correlation id. Returns this context's own `traceparent` (a new span id; with
    `own_span`, `traceparent` is already this context's own: a span the OpenTelemetry SDK records)."""
    found = TRACEPARENT.match((traceparent or "").strip().lower())
    trace_id = found.group(1) if found and found.group(1) != "0" * 32 else _hex_id(128)
    flags = found.group(3) if found else "01"
    own = f"00-{trace_id}-{found.group(2) if own_span and found else _hex_id(64)}-{flags}"
    _traceparent.set(own)
    structlog.contextvars.bind_contextvars(trace_id=trace_id)
    return own


def child_traceparent() -> str | None:
    """The `traceparent` to send onwards (a forwarded request, a published event): this trace, a new span — or, where
    spans are recorded (`otel`), this context's recorded span, the parent of what the receiver records."""
    own = _traceparent.get()
    if own is None or otel.enabled():
        return own
    version, trace_id, _span, flags = own.split("-")
    return f"{version}-{trace_id}-{_hex_id(64)}-{flags}"


def clear_context() -> None:
    _correlation_id.set(None)
    _traceparent.set(None)
    structlog.contextvars.clear_contextvars()


class AccessLine:
    """The access log's one line per request, written straight as structlog's chain below would write it — the same
    keys and values (its logger's name, the request's fields, `event`, the context's ids, `level`, `timestamp`,
    `service`; secret names redacted), one JSON object per line — without running the chain: on a one-row read the
    chain was a tenth of a process's CPU. In console mode, or when `info` is filtered out, structlog writes it (or
    not) as any other line. `tests/unit/test_access_line.py` holds the two equal."""

    NAME = "stuurcyclus.access"

    def __init__(self) -> None:
        self._logger = get_logger(self.NAME)

    def info(self, event: str, **fields: Any) -> None:
        if _direct is None:
            self._logger.info(event, **fields)
            return
        service, stream = _direct
        line: dict[str, Any] = {"logger_name": self.NAME, **fields, "event": event}
        for key, value in structlog.contextvars.get_contextvars().items():
            line.setdefault(key, value)
        line.setdefault("level", "info")
        line.setdefault("timestamp", datetime.datetime.now(tz=datetime.UTC).isoformat().replace("+00:00", "Z"))
        line.setdefault("service", service)
        stream.write(orjson.dumps(_redact_secrets(None, "info", line), default=str) + b"\n")
        stream.flush()


#: Where the access line is written directly (`AccessLine`): the service and structlog's output, when JSON at INFO.
_direct: tuple[str, Any] | None = None


def configure_logging(service: str, level: str = "INFO", json: bool = True) -> None:
    """Configure structlog and the standard library so that everything logs as one stream of JSON lines.

    Our own loggers take structlog's fast path (a filtering bound logger writing bytes, no stdlib `logging` on
    the way: an access line costs microseconds, not a tenth of a millisecond); lines from libraries that use the
    standard library (uvicorn, SQLAlchemy, alembic) are rendered by the same processors.
    """
    numeric_level = logging.getLevelName(level.upper())
    global _direct
    _direct = (service, sys.stderr.buffer) if json and numeric_level <= logging.INFO else None
    shared: list[structlog.types.Processor] = [
        structlog.contextvars.merge_contextvars,
        structlog.processors.add_log_level,
        structlog.processors.TimeStamper(fmt="iso", utc=True),
        _add_service(service),
        _redact_secrets,
    ]
    if json:
        renderer: structlog.types.Processor = structlog.processors.JSONRenderer(serializer=_orjson_bytes)
        # Tracebacks as data, without local variables (they may hold personal data).
        tracebacks: structlog.types.Processor = structlog.processors.ExceptionRenderer(
            structlog.tracebacks.ExceptionDictTransformer(show_locals=False)
        )
    else:
        renderer, tracebacks = structlog.dev.ConsoleRenderer(colors=False), structlog.processors.format_exc_info
    structlog.configure(
        processors=[*shared, tracebacks, renderer if json else _encode(renderer)],
        logger_factory=structlog.BytesLoggerFactory(sys.stderr.buffer),
        wrapper_class=structlog.make_filtering_bound_logger(numeric_level),
        cache_logger_on_first_use=True,
    )
    formatter = structlog.stdlib.ProcessorFormatter(
        foreign_pre_chain=[*shared, _add_stdlib_logger_name, tracebacks],
        processors=[
            structlog.stdlib.ProcessorFormatter.remove_processors_meta,
            structlog.processors.JSONRenderer(serializer=_orjson_dumps) if json else renderer,
        ],
    )
    handler = logging.StreamHandler(sys.stderr)
    handler.setFormatter(formatter)
    handler.setLevel(numeric_level)
    root = logging.getLogger()
    root.handlers[:] = [handler]
    root.setLevel(numeric_level)
    for name in ("uvicorn", "uvicorn.error", "uvicorn.access"):
        logging.getLogger(name).handlers[:] = []
        logging.getLogger(name).propagate = True
    # One line per request is written by our own middleware, with the correlation id; uvicorn's would be a twin,
    # and httpx's (one per outbound request) would only repeat what the caller logs.
    logging.getLogger("uvicorn.access").setLevel(logging.WARNING)
    logging.getLogger("httpx").setLevel(logging.WARNING)


#: Values that may hold a secret under a key of their own (checked by `redact`).
_NESTED = (dict, list)


def _redact_secrets(_logger: Any, _name: str, event_dict: MutableMapping[str, Any]) -> MutableMapping[str, Any]:
    """No log line carries a secret: a secret-named key (`geheim`, `auth`, `token`, …) logs as `[verborgen]`."""
    if any(isinstance(v, _NESTED) or is_secret_name(k) for k, v in event_dict.items() if k != "event"):
        return {k: v if k == "event" else redact({k: v})[k] for k, v in event_dict.items()}
    return event_dict


def _add_stdlib_logger_name(logger: Any, _name: str, event_dict: MutableMapping[str, Any]) -> MutableMapping[str, Any]:
    """Lines from standard-library loggers name their logger under the same key as ours (`logger_name`)."""
    record = event_dict.get("_record")
    event_dict.setdefault("logger_name", record.name if record is not None else getattr(logger, "name", None))
    return event_dict


def _encode(renderer: structlog.types.Processor) -> structlog.types.Processor:
    def processor(logger: Any, name: str, event_dict: MutableMapping[str, Any]) -> bytes:
        return str(renderer(logger, name, event_dict)).encode()

    return processor


def _add_service(service: str) -> structlog.types.Processor:
    def processor(_logger: Any, _name: str, event_dict: MutableMapping[str, Any]) -> MutableMapping[str, Any]:
        event_dict.setdefault("service", service)
        return event_dict

    return processor


def _orjson_dumps(obj: object, **_: object) -> str:
    """orjson is several times faster than json for a log line; non-JSON values are logged as their str()."""
    return orjson.dumps(obj, default=str).decode()


def _orjson_bytes(obj: object, **_: object) -> bytes:
    return orjson.dumps(obj, default=str)


def get_logger(name: str) -> structlog.typing.FilteringBoundLogger:
    return structlog.get_logger(logger_name=name)


class Throttled:
    """A warning that repeats while something is down (NATS, the database), said once per `interval` seconds with how
    often it happened since: the first time at once, then `…, repeated=N` — about five lines a second per worker
    became one every half minute. `ok()` after the outage says it ended (and how often it was seen)."""

    def __init__(self, logger: Any, event: str, interval: float = 30.0) -> None:
        self.logger, self.event, self.interval = logger, event, interval
        self.count = 0
        self._said_at: float | None = None
        self._said_count = 0

    def warning(self, now: float | None = None, **fields: Any) -> None:
        now = time.monotonic() if now is None else now
        self.count += 1
        if self._said_at is None or now - self._said_at >= self.interval:
            self.logger.warning(self.event, repeated=self.count - self._said_count, **fields)
            self._said_at, self._said_count = now, self.count

    def ok(self, event: str, **fields: Any) -> None:
        if self.count:
            self.logger.info(event, times=self.count, **fields)
        self.count, self._said_at, self._said_count = 0, None, 0
