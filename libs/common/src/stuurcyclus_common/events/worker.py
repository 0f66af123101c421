"""A service's event worker process: its outbox relay plus its consumers, stopped cleanly by SIGTERM/SIGINT."""

from __future__ import annotations

import asyncio
import contextlib
import json
import signal
import sys
from collections.abc import Callable, Coroutine, Sequence
from datetime import timedelta
from pathlib import Path
from typing import Any

from sqlalchemy import delete, func, select, tuple_

from .. import otel
from ..db import Database, NotConfigured, affected, check_configured
from ..errors import unavailable
from ..heap import freeze_start_up_heap
from ..logs import configure_logging, get_logger
from ..settings import ServiceSettings
from .consumer import EventConsumer, Subscription
from .outbox import OutboxRelay
from .streams import MAX_AGE_SECONDS, connect_nats, ensure_streams
from .tables import EventTables

log = get_logger(__name__)
#: A service's own long-running loop in its worker: runs until the stop event is set.
Background = Callable[[Database, asyncio.Event], Coroutine[Any, Any, None]]


async def _connect_with_retry(settings: ServiceSettings, stop: asyncio.Event):
    delay = 0.5
    while not stop.is_set():
        try:
            return await connect_nats(settings.nats_url, name=f"stuurcyclus-{settings.service}-worker")
        except Exception as exc:
            log.warning("nats_unavailable", error=str(exc) or repr(exc), retry_in=delay)
            await asyncio.sleep(delay)
            delay = min(delay * 2, 10)
    return None


async def run_worker(
    settings: ServiceSettings,
    tables: EventTables,
    subscriptions: list[Subscription],
    *,
    stop: asyncio.Event | None = None,
    background: Sequence[Background] = (),
) -> None:
    """Run until `stop` is set (or a signal arrives): relay this service's outbox, apply the events it consumes, and
    run the service's own `background` loops (e.g. delivering notifications) on the same database."""
    stop = stop or asyncio.Event()
    heartbeat = Path(settings.heartbeat_file) if settings.heartbeat_file else None
    if not await _wait_for_database(settings, stop, heartbeat):
        return
    database = Database(settings, pool_size=2 + len(subscriptions))
    nc = await _connect_with_retry(settings, stop)
    if nc is None:
        await database.dispose()
        return
    js = nc.jetstream()
    await ensure_streams(
        js,
        settings.event_prefix,
        [settings.service, *(s.source_service for s in subscriptions)],
        replicas=settings.event_stream_replicas,
    )
    relay = OutboxRelay(database, tables, js, prefix=settings.event_prefix, poll_interval=settings.outbox_poll_interval)
    consumers = [
        EventConsumer(
            service=settings.service,
            subscription=subscription,
            database=database,
            tables=tables,
            js=js,
            prefix=settings.event_prefix,
            max_deliver=settings.event_max_deliver,
            backoff=settings.event_backoff_seconds,
            ack_wait=settings.event_ack_wait,
            legacy_subjects=settings.event_legacy_subjects,
        )
        for subscription in subscriptions
    ]
    tasks = [asyncio.create_task(relay.run(stop), name="outbox-relay")]
    tasks += [asyncio.create_task(c.run(stop), name=c.durable) for c in consumers]
    tasks += [asyncio.create_task(loop(database, stop), name=getattr(loop, "__name__", "loop")) for loop in background]
    tasks.append(asyncio.create_task(_prune_inbox_hourly(database, tables, stop), name="inbox-pruning"))
    if heartbeat is not None:
        tasks.append(asyncio.create_task(_heartbeat(heartbeat, tasks[:], consumers, stop), name="heartbeat"))
    log.info("worker_started", consumers=[c.durable for c in consumers])
    try:
        done, _ = await asyncio.wait([asyncio.ensure_future(stop.wait()), *tasks], return_when=asyncio.FIRST_COMPLETED)
        for task in done:
            if task in tasks and task.exception() is not None:
                raise task.exception() or RuntimeError(task.get_name())  # a task may only end when asked to
    finally:
        stop.set()
        await asyncio.gather(*tasks, return_exceptions=True)
        await nc.drain()
        await database.dispose()
        log.info("worker_stopped")


#: Inbox rows are kept as long as the streams keep events (and a week more): until then a consumer re-created under
#: the same name could be handed an event again, and its inbox row is what makes it apply it once.
INBOX_RETENTION = timedelta(seconds=MAX_AGE_SECONDS) + timedelta(days=7)


async def prune_inbox(database: Database, tables: EventTables, batch: int = 10_000) -> int:
    """Delete inbox rows older than any event the streams still hold; returns how many."""
    removed = 0
    while True:
        async with database.session_scope() as session:
            old = (
                select(tables.inbox.c.consumer, tables.inbox.c.event_id)
                .where(tables.inbox.c.processed_at < func.now() - INBOX_RETENTION)
                .limit(batch)
            )
            result = await session.execute(
                delete(tables.inbox).where(tuple_(tables.inbox.c.consumer, tables.inbox.c.event_id).in_(old))
            )
        count = affected(result)
        removed += count
        if count < batch:
            return removed


async def _prune_inbox_hourly(database: Database, tables: EventTables, stop: asyncio.Event) -> None:
    while not stop.is_set():
        try:
            removed = await prune_inbox(database, tables)
            if removed:
                log.info("inbox_pruned", removed=removed)
        except Exception as exc:  # the database may be briefly away; try again next hour
            log.warning("inbox_pruning_failed", error=str(exc) or repr(exc))
        with contextlib.suppress(asyncio.TimeoutError):
            await asyncio.wait_for(stop.wait(), 3600)


async def _heartbeat(
    path: Path, watched: list[asyncio.Task], consumers: list[EventConsumer], stop: asyncio.Event, every: float = 5.0
) -> None:
    """Write `path` while every watched task runs (a health check sees the worker is alive by its age), with what
    the worker is doing: `ok`, or `waiting` for the database or NATS (a readiness check sees that)."""
    while not stop.is_set() and not any(task.done() for task in watched):
        waiting = [c.durable for c in consumers if c.waiting_since is not None]
        _beat(path, "waiting" if waiting else "ok", f"consumers waiting: {', '.join(waiting)}" if waiting else None)
        with contextlib.suppress(asyncio.TimeoutError):
            await asyncio.wait_for(stop.wait(), every)


def _beat(path: Path, status: str, reason: str | None = None) -> None:
    with contextlib.suppress(OSError):
        path.write_text(json.dumps({"status": status, "reason": reason}))


async def _wait_for_database(settings: ServiceSettings, stop: asyncio.Event, heartbeat: Path | None) -> bool:
    """Return once the database and this service's schema are there (False if stopped first). A database or schema
    that does not exist is a configuration error: `NotConfigured` (the process exits); an unreachable server is
    waited for, with backoff, for as long as it takes."""
    delay = 0.5
    while not stop.is_set():
        try:
            await check_configured(settings)
            return True
        except NotConfigured:
            raise
        except Exception as exc:
            if not unavailable(exc):
                raise
            log.warning("database_unavailable", error=str(exc) or type(exc).__name__, retry_in=delay)
            if heartbeat is not None:
                _beat(heartbeat, "waiting", f"database unreachable: {str(exc)[:200]}")
            with contextlib.suppress(asyncio.TimeoutError):
                await asyncio.wait_for(stop.wait(), delay)
            delay = min(delay * 2, 10)
    return False


def main(
    settings: ServiceSettings,
    tables: EventTables,
    subscriptions: list[Subscription],
    background: Sequence[Background] = (),
) -> None:
    """Entry point of `python -m <service>.worker`."""
    configure_logging(f"{settings.service}-worker", settings.log_level, settings.log_json)
    otel.configure(f"{settings.service}-worker")  # spans of applied events, where OTLP is configured
    freeze_start_up_heap()

    async def runner() -> None:
        stop = asyncio.Event()
        loop = asyncio.get_running_loop()
        for sig in (signal.SIGTERM, signal.SIGINT):
            loop.add_signal_handler(sig, stop.set)
        await run_worker(settings, tables, subscriptions, stop=stop, background=background)

    try:
        asyncio.run(runner())
    except NotConfigured as exc:  # waiting will not help: say so in one line and stop
        print(f"{settings.service}-worker: {exc}", file=sys.stderr, flush=True)
        raise SystemExit(2) from None
