"""Structured logs (structlog): one JSON object per line, carrying the correlation id of the request or event.

The correlation id lives in a context variable (`structlog.contextvars`), bound by the HTTP middleware for a
request and by the consumer for an event, so every log line written while handling it carries it, including
lines from the standard library's `logging` (uvicorn, SQLAlchemy) which are routed through the same processors.
"""

from __future__ import annotations

import logging
import sys
import uuid
from contextvars import ContextVar

import orjson
import structlog

_correlation_id: ContextVar[str | None] = ContextVar("correlation_id", default=None)


def get_correlation_id() -> str | None:
    return _correlation_id.get()


def bind_correlation_id(value: str | None = None) -> str:
    """Make `value` (or a fresh id) the correlation id of the current context and of its log lines."""
    value = value or str(uuid.uuid4())
    _correlation_id.set(value)
    structlog.contextvars.bind_contextvars(correlation_id=value)
    return value


def clear_context() -> None:
    _correlation_id.set(None)
    structlog.contextvars.clear_contextvars()


def configure_logging(service: str, level: str = "INFO", json: bool = True) -> None:
    """Configure structlog and the standard library so that everything logs through one pipeline."""
    shared: list[structlog.types.Processor] = [
        structlog.contextvars.merge_contextvars,
        structlog.stdlib.add_log_level,
        structlog.stdlib.add_logger_name,
        structlog.processors.TimeStamper(fmt="iso", utc=True),
        structlog.processors.dict_tracebacks if json else structlog.processors.format_exc_info,
    ]
    structlog.configure(
        # filter_by_level first: a line below the level costs a level check, not the whole chain.
        processors=[structlog.stdlib.filter_by_level, *shared, structlog.stdlib.ProcessorFormatter.wrap_for_formatter],
        logger_factory=structlog.stdlib.LoggerFactory(),
        wrapper_class=structlog.stdlib.BoundLogger,
        cache_logger_on_first_use=True,
    )
    renderer = (
        structlog.processors.JSONRenderer(serializer=_orjson_dumps)
        if json
        else structlog.dev.ConsoleRenderer(colors=False)
    )
    formatter = structlog.stdlib.ProcessorFormatter(
        foreign_pre_chain=shared,
        processors=[
            _add_service(service),
            structlog.stdlib.ProcessorFormatter.remove_processors_meta,
            renderer,
        ],
    )
    handler = logging.StreamHandler(sys.stderr)
    handler.setFormatter(formatter)
    root = logging.getLogger()
    root.handlers[:] = [handler]
    root.setLevel(level.upper())
    for name in ("uvicorn", "uvicorn.error", "uvicorn.access"):
        logging.getLogger(name).handlers[:] = []
        logging.getLogger(name).propagate = True
    # One line per request is written by our own middleware, with the correlation id; uvicorn's would be a twin,
    # and httpx's (one per forwarded request in the gateway) would double the gateway's log volume.
    logging.getLogger("uvicorn.access").setLevel(logging.WARNING)
    logging.getLogger("httpx").setLevel(logging.WARNING)


def _add_service(service: str) -> structlog.types.Processor:
    def processor(_logger: object, _name: str, event_dict: dict) -> dict:
        event_dict.setdefault("service", service)
        return event_dict

    return processor


def _orjson_dumps(obj: object, **_: object) -> str:
    """orjson is several times faster than json for a log line; non-JSON values are logged as their str()."""
    return orjson.dumps(obj, default=str).decode()


def get_logger(name: str) -> structlog.stdlib.BoundLogger:
    return structlog.get_logger(name)
