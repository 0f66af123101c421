"""The access line written directly (`logs.AccessLine`) is the line structlog's chain writes for it: the same keys
and values, the context's ids included, secret names redacted."""

from __future__ import annotations

import contextlib
import io
import re
import sys
from collections.abc import Iterator

import orjson
import pytest
import structlog
from stuurcyclus_common import logs


class _Stderr:
    def __init__(self) -> None:
        self.buffer = io.BytesIO()


@contextlib.contextmanager
def _captured() -> Iterator[_Stderr]:
    """structlog's output and the direct line both on a stderr of our own (set inside the test: pytest puts its own
    capture back after a fixture's setup)."""
    fake, real = _Stderr(), sys.stderr
    sys.stderr = fake  # type: ignore[assignment]
    try:
        yield fake
    finally:
        sys.stderr = real
        logs.configure_logging("test", "INFO", True)


def _lines(stderr: _Stderr) -> list[dict]:
    return [orjson.loads(line) for line in stderr.buffer.getvalue().splitlines()]


@pytest.mark.parametrize(
    "fields",
    [
        {"method": "GET", "path": "/api/v1/sporen/sporen", "status": 200, "duration_ms": 1.25},
        {"method": "POST", "path": "/api/v1/x?token=abc", "status": 401, "duration_ms": 0.5, "token": "geheim"},
        {"method": "GET", "path": "/ë/€", "status": 500, "duration_ms": 12.0, "extra": {"a": [1, 2]}},
    ],
)
def test_the_direct_line_is_the_chains_line(fields: dict) -> None:
    with _captured() as stderr:
        _both(fields)
    direct, chain = _lines(stderr)
    stamp = r"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{6}Z$"
    assert re.match(stamp, direct.pop("timestamp")) and re.match(stamp, chain.pop("timestamp"))
    assert direct == chain
    assert direct["auth_header"] == "[verborgen]" and direct["service"] == "sporen"


def _both(fields: dict) -> None:
    logs.configure_logging("sporen", "INFO", True)
    logs.bind_correlation_id("c-1")
    logs.bind_trace("00-" + "a" * 32 + "-" + "b" * 16 + "-01")
    structlog.contextvars.bind_contextvars(gemeente="GM0193", auth_header="Bearer x")
    try:
        logs.AccessLine().info("request", **fields)
        structlog.get_logger(logger_name=logs.AccessLine.NAME).info("request", **fields)
    finally:
        logs.clear_context()


def test_filtered_or_console_lines_go_through_structlog() -> None:
    with _captured() as stderr:
        logs.configure_logging("sporen", "WARNING", True)
        logs.AccessLine().info("request", method="GET", path="/", status=200, duration_ms=1.0)
        assert stderr.buffer.getvalue() == b""
        logs.configure_logging("sporen", "INFO", False)
        logs.AccessLine().info("request", method="GET", path="/", status=200, duration_ms=1.0)
    assert b"request" in stderr.buffer.getvalue() and not stderr.buffer.getvalue().startswith(b"{")
