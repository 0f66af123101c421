"""Recording events in the transactional outbox, and relaying them to JetStream promptly after commit.

`record_event` inserts the event in the caller's transaction and queues a `NOTIFY`; PostgreSQL delivers the
notification only when (and if) that transaction commits, which wakes the relay at once. The relay claims rows
with `FOR UPDATE SKIP LOCKED` and a lease (so several relay processes may run), publishes them in order with
`Nats-Msg-Id` = event id (JetStream drops a republished duplicate within the stream's duplicate window), and
deletes what JetStream acknowledged. The subject carries the municipality:
`<prefix>.<service>.<gemeente>.<entity>.<action>`. If NATS is down the rows stay, and are published when it is back.
"""

from __future__ import annotations

import asyncio
import contextlib
import functools
import json
from datetime import timedelta
from typing import Any

import asyncpg
from nats.js import JetStreamContext
from sqlalchemy import Interval, any_, bindparam, delete, func, select, update
from sqlalchemy.dialects.postgresql import insert
from sqlalchemy.ext.asyncio import AsyncSession

from ..db import Database
from ..logs import Throttled, get_logger
from ..reads import Prepared
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
    row = {"id": envelope.id, "tenant": tenant, "type": envelope.type, "envelope": envelope.model_dump(mode="json")}
    await session.execute(_insert_and_notify(tables), {**row, "channel": tables.notify_channel})
    return envelope


@functools.cache
def _insert_and_notify(tables: EventTables) -> Any:
    """The outbox row and the NOTIFY that wakes the relay after commit, in one statement (one round trip)."""
    inserted = insert(tables.outbox).values(
        id=bindparam("id"), tenant=bindparam("tenant"), type=bindparam("type"), envelope=bindparam("envelope")
    )
    added = inserted.returning(tables.outbox.c.id).cte("added")
    return select(func.pg_notify(bindparam("channel"), "")).select_from(added)


#: The longest wait between attempts while PostgreSQL or NATS is away (then the events go out within a second).
RETRY_CAP_SECONDS = 1.0


class OutboxRelay:
    """Publishes a service's outbox to JetStream; woken by LISTEN/NOTIFY, polling only as a fallback.

    It works on one asyncpg connection of its own, in autocommit: the claim (an `UPDATE … RETURNING` over the rows
    `FOR UPDATE SKIP LOCKED` picks) and the delete are single statements, atomic by themselves, so publishing an
    event costs two round trips to PostgreSQL and no ORM session. The same connection LISTENs."""

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
        self._conn: asyncpg.Connection | None = None
        self.published = 0
        #: Events JetStream reported it had already (published twice: by two relays, or again after a crash).
        self.duplicates = 0
        outbox = tables.outbox
        claimable = (
            select(outbox.c.id)
            .where((outbox.c.claimed_until.is_(None)) | (outbox.c.claimed_until < func.now()))
            .order_by(outbox.c.seq)
            .limit(bindparam("batch"))
            .with_for_update(skip_locked=True)
        )
        self._claim_sql = Prepared(
            update(outbox)
            .where(outbox.c.id.in_(claimable.scalar_subquery()))
            .values(claimed_until=func.now() + bindparam("lease", type_=Interval()), attempts=outbox.c.attempts + 1)
            .returning(outbox.c.id, outbox.c.seq, outbox.c.type, outbox.c.tenant, outbox.c.envelope)
        )
        self._delete_sql = Prepared(delete(outbox).where(outbox.c.id == any_(bindparam("ids"))))
        self._release_sql = Prepared(
            update(outbox)
            .where(outbox.c.id == any_(bindparam("ids")))
            .values(claimed_until=None, last_error=bindparam("error"))
        )

    async def run(self, stop: asyncio.Event) -> None:
        failures = 0
        warned = Throttled(log, "outbox_relay_failed")
        while not stop.is_set():
            self._wake.clear()
            try:
                await self._connection()
                await self.drain()
                if failures:
                    warned.ok("outbox_relay_recovered")
                failures = 0
            except Exception as exc:  # NATS or database away: keep the rows, back off, try again
                failures += 1
                warned.warning(error=str(exc) or type(exc).__name__)
                await self._close()
            if self._wake.is_set():
                continue  # a commit arrived while draining: drain again at once
            # While a server is away, try again at least every second: the events go out promptly once it is back.
            delay = self.poll_interval if failures == 0 else min(0.2 * 2**failures, RETRY_CAP_SECONDS)
            waiters = [asyncio.ensure_future(self._wake.wait()), asyncio.ensure_future(stop.wait())]
            await asyncio.wait(waiters, timeout=delay, return_when=asyncio.FIRST_COMPLETED)
            for waiter in waiters:
                waiter.cancel()
        await self._close()

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
                    envelope = row["envelope"]
                    ack = await self.js.publish(
                        subject_for_type(row["type"], self.prefix, row["tenant"]),
                        envelope.encode() if isinstance(envelope, str) else json.dumps(envelope).encode(),
                        timeout=self.publish_timeout,
                        headers={"Nats-Msg-Id": str(row["id"]), "Ce-Type": row["type"], "Ce-Tenant": row["tenant"]},
                    )
                    if ack.duplicate:  # JetStream had it already: another relay (or this one, before a crash)
                        self.duplicates += 1
                        log.warning("outbox_event_already_in_stream", event_id=str(row["id"]), type=row["type"])
                    published.append(row["id"])
            except Exception as exc:
                done = set(published)
                await self._release([r["id"] for r in rows if r["id"] not in done], str(exc) or repr(exc))
                raise
            finally:
                await self._delete(published)
                total += len(published)
                self.published += len(published)
            if len(rows) < self.batch_size:
                return total  # the outbox held fewer than a batch: it is empty now (a new commit wakes us)

    async def _claim(self) -> list:
        conn = await self._connection()
        args = self._claim_sql.args({"batch": self.batch_size, "lease": self.lease})
        rows = await conn.fetch(self._claim_sql.sql, *args)
        return sorted(rows, key=lambda row: row["seq"])

    async def _delete(self, ids: list) -> None:
        if ids:
            conn = await self._connection()
            await conn.execute(self._delete_sql.sql, *self._delete_sql.args({"ids": ids}))

    async def _release(self, ids: list, error: str) -> None:
        if ids:
            conn = await self._connection()
            await conn.execute(self._release_sql.sql, *self._release_sql.args({"ids": ids, "error": error[:2000]}))

    async def _connection(self) -> asyncpg.Connection:
        """The relay's own connection, listening for commits; opened again after it broke."""
        if self._conn is not None and not self._conn.is_closed():
            return self._conn
        self._conn = await asyncpg.connect(
            plain_database_url(self.database.settings.database_url),
            server_settings={"application_name": f"stuurcyclus-{self.database.settings.service}-relay"},
        )
        await self._conn.add_listener(self.tables.notify_channel, lambda *_: self._wake.set())
        return self._conn

    async def _close(self) -> None:
        if self._conn is not None and not self._conn.is_closed():
            with contextlib.suppress(Exception):
                await self._conn.close(timeout=2)
        self._conn = None
