"""Recording events in the transactional outbox, and relaying them to JetStream promptly after commit.

`record_event` inserts the event in the caller's transaction and queues a `NOTIFY`; PostgreSQL delivers the
notification only when (and if) that transaction commits, which wakes the relay at once. The relay claims rows
with `FOR UPDATE SKIP LOCKED` and a lease (so several relay processes may run), publishes them in order with
`Nats-Msg-Id` = event id (JetStream drops a republished duplicate within the stream's duplicate window), and
deletes what JetStream acknowledged. If NATS is down the rows stay, and are published when it is back.
"""

from __future__ import annotations

import asyncio
import json
from datetime import timedelta

import asyncpg
from nats.js import JetStreamContext
from sqlalchemy import delete, func, select, text, update
from sqlalchemy.dialects.postgresql import insert
from sqlalchemy.ext.asyncio import AsyncSession

from ..db import Database
from ..logs import get_logger
from ..settings import plain_database_url
from .envelope import EventData, EventEnvelope, subject_for_type
from .tables import EventTables

log = get_logger(__name__)


async def record_event(
    session: AsyncSession,
    tables: EventTables,
    data: EventData,
    *,
    tenant: str,
    subject: str | None = None,
) -> EventEnvelope:
    """Add an event to the outbox within the session's transaction; it is published only if that commits."""
    envelope = EventEnvelope.wrap(data, tenant=tenant, subject=subject)
    await session.execute(
        insert(tables.outbox).values(
            id=envelope.id,
            tenant=tenant,
            type=envelope.type,
            envelope=envelope.model_dump(mode="json"),
        )
    )
    await session.execute(text("SELECT pg_notify(:channel, '')"), {"channel": tables.notify_channel})
    return envelope


class OutboxRelay:
    """Publishes a service's outbox to JetStream; woken by LISTEN/NOTIFY, polling only as a fallback."""

    def __init__(
        self,
        database: Database,
        tables: EventTables,
        js: JetStreamContext,
        *,
        prefix: str,
        batch_size: int = 100,
        lease: timedelta = timedelta(seconds=30),
        poll_interval: float = 5.0,
        publish_timeout: float = 5.0,
    ) -> None:
        self.database = database
        self.tables = tables
        self.js = js
        self.prefix = prefix
        self.batch_size = batch_size
        self.lease = lease
        self.poll_interval = poll_interval
        self.publish_timeout = publish_timeout
        self._wake = asyncio.Event()
        self._listener: asyncpg.Connection | None = None
        self.published = 0

    async def run(self, stop: asyncio.Event) -> None:
        failures = 0
        while not stop.is_set():
            await self._ensure_listener()
            self._wake.clear()
            try:
                await self.drain()
                failures = 0
            except Exception as exc:  # NATS or database away: keep the rows, back off, try again
                failures += 1
                log.warning("outbox_relay_failed", error=str(exc) or type(exc).__name__, failures=failures)
            delay = self.poll_interval if failures == 0 else min(0.2 * 2**failures, self.poll_interval)
            waiters = [asyncio.ensure_future(self._wake.wait()), asyncio.ensure_future(stop.wait())]
            await asyncio.wait(waiters, timeout=delay, return_when=asyncio.FIRST_COMPLETED)
            for waiter in waiters:
                waiter.cancel()
        await self._close_listener()

    async def drain(self) -> int:
        """Publish everything currently in the outbox; returns how many events were published."""
        total = 0
        while True:
            rows = await self._claim()
            if not rows:
                return total
            published: list = []
            try:
                for row in rows:
                    await self.js.publish(
                        subject_for_type(row.type, self.prefix),
                        json.dumps(row.envelope, separators=(",", ":")).encode(),
                        timeout=self.publish_timeout,
                        headers={"Nats-Msg-Id": str(row.id), "Ce-Type": row.type, "Ce-Tenant": row.tenant},
                    )
                    published.append(row.id)
            except Exception as exc:
                done = set(published)
                await self._release([r.id for r in rows if r.id not in done], str(exc) or repr(exc))
                raise
            finally:
                await self._delete(published)
                total += len(published)
                self.published += len(published)

    async def _claim(self) -> list:
        outbox = self.tables.outbox
        claimable = (
            select(outbox.c.id)
            .where((outbox.c.claimed_until.is_(None)) | (outbox.c.claimed_until < func.now()))
            .order_by(outbox.c.seq)
            .limit(self.batch_size)
            .with_for_update(skip_locked=True)
        )
        async with self.database.session_scope() as session:
            result = await session.execute(
                update(outbox)
                .where(outbox.c.id.in_(claimable.scalar_subquery()))
                .values(claimed_until=func.now() + self.lease, attempts=outbox.c.attempts + 1)
                .returning(outbox.c.id, outbox.c.seq, outbox.c.type, outbox.c.tenant, outbox.c.envelope)
            )
            return sorted(result.all(), key=lambda row: row.seq)

    async def _delete(self, ids: list) -> None:
        if ids:
            async with self.database.session_scope() as session:
                await session.execute(delete(self.tables.outbox).where(self.tables.outbox.c.id.in_(ids)))

    async def _release(self, ids: list, error: str) -> None:
        if ids:
            async with self.database.session_scope() as session:
                await session.execute(
                    update(self.tables.outbox)
                    .where(self.tables.outbox.c.id.in_(ids))
                    .values(claimed_until=None, last_error=error[:2000])
                )

    async def _ensure_listener(self) -> None:
        if self._listener is not None and not self._listener.is_closed():
            return
        try:
            self._listener = await asyncpg.connect(plain_database_url(self.database.settings.database_url))
            await self._listener.add_listener(self.tables.notify_channel, lambda *_: self._wake.set())
        except Exception as exc:  # polling still works without the listener
            self._listener = None
            log.warning("outbox_listener_unavailable", error=str(exc))

    async def _close_listener(self) -> None:
        if self._listener is not None and not self._listener.is_closed():
            await self._listener.close()
