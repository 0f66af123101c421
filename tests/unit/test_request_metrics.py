"""`metrics.observe_request` keeps each series' children (no `labels()` lock per request) and counts as before."""

from __future__ import annotations

from stuurcyclus_common import metrics


def _value(name: str, labels: dict[str, str]) -> float:
    return metrics.REGISTRY.get_sample_value(name, labels) or 0.0


def test_each_request_is_counted_and_timed_in_its_own_series() -> None:
    labels = {"service": "unit", "route": "/unit/{id}", "method": "GET"}
    before = _value("stuurcyclus_http_requests_total", labels | {"status": "2xx"})
    errors_before = _value("stuurcyclus_http_requests_total", labels | {"status": "4xx"})
    timed_before = _value("stuurcyclus_http_request_duration_seconds_count", labels)
    for status in (200, 204, 404):
        metrics.observe_request("unit", "/unit/{id}", "GET", status, 0.002)
    assert _value("stuurcyclus_http_requests_total", labels | {"status": "2xx"}) == before + 2
    assert _value("stuurcyclus_http_requests_total", labels | {"status": "4xx"}) == errors_before + 1
    assert _value("stuurcyclus_http_request_duration_seconds_count", labels) == timed_before + 3
