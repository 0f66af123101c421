"""Metrics in the Prometheus exposition format (`GET /metrics` on every API process, outside the public API), with
prometheus_client, the well-kept reference library.

What an operator needs before a user notices: HTTP requests by route template, method and status class, with latency
histograms; the outbox's waiting events and the oldest one's age; each durable consumer's pending, unacknowledged and
redelivered events (JetStream's own counts) and the service's dead letters; the database pool; what a service adds of
its own (notificaties: deliveries by state, parked ones; sporen: the report renderer's time). Gauges that live in the
database or in NATS are read when scraped, each with a short timeout: a dependency that does not answer is reported
(`stuurcyclus_dependency_up`) and never fails the scrape.
"""

from __future__ import annotations

import asyncio
import time
from collections.abc import Awaitable, Callable
from typing import Any

from prometheus_client import CONTENT_TYPE_LATEST, CollectorRegistry, Counter, Gauge, Histogram, generate_latest
from sqlalchemy import func, select

#: One registry per process: the API's requests and what its scrape reads.
REGISTRY = CollectorRegistry(auto_describe=True)
HTTP_REQUESTS = Counter(
    "stuurcyclus_http_requests",
    "HTTP requests answered, by route template, method and status class.",
    ["service", "route", "method", "status"],
    registry=REGISTRY,
)
HTTP_SECONDS = Histogram(
    "stuurcyclus_http_request_duration_seconds",
    "Time to answer an HTTP request, by route template and method.",
    ["service", "route", "method"],
    buckets=(0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0, 10.0),
    registry=REGISTRY,
)
OUTBOX_WAITING = Gauge(
    "stuurcyclus_outbox_waiting", "Events committed and not yet published.", ["service"], registry=REGISTRY
)
OUTBOX_OLDEST = Gauge(
    "stuurcyclus_outbox_oldest_age_seconds",
    "Age of the oldest event waiting in the outbox (0 when none waits).",
    ["service"],
    registry=REGISTRY,
)
CONSUMER_PENDING = Gauge(
    "stuurcyclus_consumer_pending",
    "Events in the stream the durable consumer has not been delivered yet (its lag).",
    ["service", "consumer"],
    registry=REGISTRY,
)
CONSUMER_UNACKED = Gauge(
    "stuurcyclus_consumer_ack_pending",
    "Events delivered to the consumer and not acknowledged yet.",
    ["service", "consumer"],
    registry=REGISTRY,
)
CONSUMER_REDELIVERED = Gauge(
    "stuurcyclus_consumer_redelivered",
    "Events the consumer is being given again (a handler failed or timed out).",
    ["service", "consumer"],
    registry=REGISTRY,
)
CONSUMER_DELIVERED = Gauge(
    "stuurcyclus_consumer_delivered",
    "Events delivered to the consumer since it was created (its stream sequence).",
    ["service", "consumer"],
    registry=REGISTRY,
)
DEAD_LETTERS = Gauge(
    "stuurcyclus_dead_letters",
    "Dead letters of the service's consumers in the dead-letter stream.",
    ["service"],
    registry=REGISTRY,
)
DEPENDENCY_UP = Gauge(
    "stuurcyclus_dependency_up",
    "Whether a dependency answered the last scrape (1) or not (0).",
    ["service", "dependency"],
    registry=REGISTRY,
)
DB_POOL = Gauge(
    "stuurcyclus_db_pool_connections",
    "The database pool's connections by state.",
    ["service", "state"],
    registry=REGISTRY,
)
REPORT_SECONDS = Histogram(
    "stuurcyclus_report_render_seconds",
    "Time to render the half-year report, by format.",
    ["format"],
    buckets=(0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0),
    registry=REGISTRY,
)

#: A service's own gauges, read at scrape time: `async (app) -> None`.
Collector = Callable[[Any], Awaitable[None]]
SCRAPE_TIMEOUT = 2.0


#: Each request series' counter and histogram, by service, route template, method and status class: `labels()`
#: takes a lock and builds its key on every call (2% of a forwarded read). Bounded: route templates and HTTP methods
#: are finite sets.
_REQUEST_SERIES: dict[tuple[str, str, str, int], tuple[Any, Any]] = {}


def observe_request(service: str, route: str, method: str, status: int, seconds: float) -> None:
    key = (service, route, method, status // 100)
    series = _REQUEST_SERIES.get(key)
    if series is None:
        series = _REQUEST_SERIES[key] = (
            HTTP_REQUESTS.labels(service, route, method, f"{status // 100}xx"),
            HTTP_SECONDS.labels(service, route, method),
        )
    series[0].inc()
    series[1].observe(seconds)


async def _outbox(app: Any, service: str) -> None:
    tables = getattr(app.state, "events", None)
    if tables is None:
        return
    query = select(func.count(), func.min(tables.outbox.c.created_at))
    async with app.state.database.read_sessionmaker() as session:
        count, oldest = (await session.execute(query)).one()
    OUTBOX_WAITING.labels(service).set(count)
    age = 0.0 if oldest is None else max(0.0, time.time() - oldest.timestamp())
    OUTBOX_OLDEST.labels(service).set(age)


def _pool(app: Any, service: str) -> None:
    pool = app.state.database.engine.sync_engine.pool
    for state, read in (("in_use", "checkedout"), ("idle", "checkedin"), ("overflow", "overflow")):
        value = getattr(pool, read, None)
        if callable(value):
            DB_POOL.labels(service, state).set(max(0, value()))


async def _nats(app: Any, service: str) -> None:
    """Each durable consumer of the service (named `<service>-<subscription>`) in every stream of the platform's
    prefix, and the service's dead letters."""
    import nats  # the API process needs NATS only when scraped

    settings = app.state.settings
    nc = await nats.connect(settings.nats_url, connect_timeout=SCRAPE_TIMEOUT, max_reconnect_attempts=0)
    try:
        js = nc.jetstream(timeout=SCRAPE_TIMEOUT)
        prefix = settings.event_prefix.upper() + "_"
        for info in await js.streams_info():
            name = info.config.name or ""
            if not name.startswith(prefix):
                continue
            if name == prefix + "DLQ":
                subjects = (info.state.subjects or {}) if hasattr(info.state, "subjects") else {}
                DEAD_LETTERS.labels(service).set(sum(n for s, n in subjects.items() if f".{service}-" in s))
                continue
            for consumer in await js.consumers_info(name):
                durable = consumer.config.durable_name or consumer.name or ""
                if not durable.startswith(f"{service}-"):
                    continue
                CONSUMER_PENDING.labels(service, durable).set(consumer.num_pending or 0)
                CONSUMER_UNACKED.labels(service, durable).set(consumer.num_ack_pending or 0)
                CONSUMER_REDELIVERED.labels(service, durable).set(consumer.num_redelivered or 0)
                CONSUMER_DELIVERED.labels(service, durable).set(
                    consumer.delivered.stream_seq if consumer.delivered else 0
                )
    finally:
        await nc.close()


async def scrape(app: Any, service: str, collectors: list[Collector]) -> tuple[bytes, str]:
    """Read the gauges that live elsewhere (each bounded, each failure reported as a dependency down), then render."""
    for dependency, read in (("database", lambda: _outbox(app, service)), ("nats", lambda: _nats(app, service))):
        try:
            await asyncio.wait_for(read(), SCRAPE_TIMEOUT)
            DEPENDENCY_UP.labels(service, dependency).set(1)
        except Exception:  # the scrape reports it; it never fails because a dependency is away
            DEPENDENCY_UP.labels(service, dependency).set(0)
    _pool(app, service)
    for collect in collectors:
        try:
            await asyncio.wait_for(collect(app), SCRAPE_TIMEOUT)
        except Exception:
            DEPENDENCY_UP.labels(service, "database").set(0)
    return generate_latest(REGISTRY), CONTENT_TYPE_LATEST
