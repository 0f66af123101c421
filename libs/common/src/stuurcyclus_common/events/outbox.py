"""Recording events in the transactional outbox, and relaying them to JetStream promptly after commit.

`record_event` inserts the event in the caller's transaction and queues a `NOTIFY` that carries the event itself
(where it fits PostgreSQL's 8,000-byte payload; else an empty one); PostgreSQL delivers the notification only when
(and if) that transaction commits, which wakes the relay at once. One relay per service publishes (the one holding
the service's advisory lock; the others stand by and take over within a second when it is gone): an event that came
with its notification is published straight from it and its row deleted after JetStream acknowledged it — no round
trip to PostgreSQL before the publish. Whatever else is in the outbox (events too large for a notification, rows
left by a failed publish or a relay that stopped, commits while no relay listened) is swept: claimed with
`FOR UPDATE SKIP LOCKED` and a lease, published in order, deleted. Every publish carries `Nats-Msg-Id` = event id
(JetStream drops a republished duplicate within the stream's duplicate window). The subject carries the
municipality: `<prefix>.<service>.<gemeente>.<entity>.<action>`. If NATS is down the rows stay, and are published
when it is back.
"""

from __future__ import annotations

import asyncio
import contextlib
import functools
import json
import uuid
from datetime import timedelta
from typing import Any

import asyncpg
from nats.js import JetStreamContext
from sqlalchemy import Interval, Text, any_, bindparam, case, cast, delete, func, literal, select, update
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


#: PostgreSQL refuses a notification payload of 8,000 bytes or more; an event larger than this goes by the sweep.
NOTIFY_PAYLOAD_LIMIT = 7_900


@functools.cache
def _insert_and_notify(tables: EventTables) -> Any:
    """The outbox row and the NOTIFY that wakes the relay after commit, in one statement (one round trip); the
    notification carries the event (`{"id", "type", "tenant", "envelope"}`) where it fits, else nothing."""
    outbox = tables.outbox
    inserted = insert(outbox).values(
        id=bindparam("id"), tenant=bindparam("tenant"), type=bindparam("type"), envelope=bindparam("envelope")
    )
    added = inserted.returning(outbox.c.id, outbox.c.type, outbox.c.tenant, outbox.c.envelope).cte("added")
    event = cast(
        func.json_build_object(
            "id", added.c.id, "type", added.c.type, "tenant", added.c.tenant, "envelope", added.c.envelope
        ),
        Text,
    )
    payload = case((func.octet_length(event) <= NOTIFY_PAYLOAD_LIMIT, event), else_=literal(""))
    return select(func.pg_notify(bindparam("channel"), payload)).select_from(added)


#: The longest wait between attempts while PostgreSQL or NATS is away (then the events go out within a second).
RETRY_CAP_SECONDS = 1.0


class OutboxRelay:
    """Publishes a service's outbox to JetStream; woken by LISTEN/NOTIFY, sweeping by poll only as a fallback.

    It works on one asyncpg connection of its own, in autocommit, which LISTENs and holds the service's advisory
    lock while this relay is the one publishing (`leading`). An event its notification carried is published at once
    and then deleted (one round trip, after the publish); a sweep claims rows (an `UPDATE … RETURNING` over the rows
    `FOR UPDATE SKIP LOCKED` picks), publishes and deletes them. The relays that do not hold the lock stand by: they
    try for it at most once a second, so one takes over within a second of the leader's connection closing."""

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
        standby_interval: float = 1.0,
    ) -> None:
        self.database = database
        self.tables = tables
        self.js = js
        self.prefix = prefix
        self.batch_size = batch_size
        self.lease = lease
        self.poll_interval = poll_interval
        self.publish_timeout = publish_timeout
        self.standby_interval = standby_interval
        self._wake = asyncio.Event()
        self._conn: asyncpg.Connection | None = None
        self.published = 0
        #: Of those, published straight from their notification (the rest by a sweep).
        self.published_from_notice = 0
        #: Events JetStream reported it had already (published twice: by two relays, or again after a crash).
        self.duplicates = 0
        #: Whether this relay holds the service's advisory lock, i.e. is the one publishing.
        self.leading = False
        self._notices: list[str] = []  # payloads of notifications not yet published, in commit order
        self._sweep = True  # a sweep is due: at start, after a failure, on a poll, on an event without payload
        self._tried_to_lead = float("-inf")
        self._recent: dict[str, None] = {}  # ids published lately (insertion-ordered): never published twice
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
        #: One lock per service schema, within its database: `hashtext` of the channel's name.
        self._lock_key = f"stuurcyclus-outbox-relay:{tables.notify_channel}"

    async def run(self, stop: asyncio.Event) -> None:
        failures = 0
        warned = Throttled(log, "outbox_relay_failed")
        while not stop.is_set():
            self._wake.clear()
            try:
                await self._connection()
                if await self._lead():
                    await self._publish_noticed()
                    if self._sweep:
                        self._sweep = False
                        await self.drain()
                if failures:
                    warned.ok("outbox_relay_recovered")
                failures = 0
            except Exception as exc:  # NATS or database away: keep the rows, back off, try again
                failures += 1
                warned.warning(error=str(exc) or type(exc).__name__)
                await self._close()
            if self._wake.is_set():
                continue  # a commit arrived meanwhile: at once again
            # While a server is away, try again at least every second: the events go out promptly once it is back.
            delay = self.poll_interval if self.leading else self.standby_interval
            if failures:
                delay = min(0.2 * 2**failures, RETRY_CAP_SECONDS)
            waiters = [asyncio.ensure_future(self._wake.wait()), asyncio.ensure_future(stop.wait())]
            done, _ = await asyncio.wait(waiters, timeout=delay, return_when=asyncio.FIRST_COMPLETED)
            for waiter in waiters:
                waiter.cancel()
            if not done:
                self._sweep = True  # the fallback poll: whatever is left in the outbox goes out now
        await self._close()

    async def drain(self) -> int:
        """Sweep: publish everything currently in the outbox; returns how many events were published."""
        total = 0
        while True:
            rows = await self._claim()
            if not rows:
                return total
            published: list = []
            try:
                for row in rows:
                    envelope = row["envelope"]
                    if str(row["id"]) not in self._recent:  # else published from its notice a moment ago
                        data = envelope.encode() if isinstance(envelope, str) else json.dumps(envelope).encode()
                        await self._publish(str(row["id"]), row["type"], row["tenant"], data)
                    published.append(row["id"])
            except Exception as exc:
                done = set(published)
                await self._release([r["id"] for r in rows if r["id"] not in done], str(exc) or repr(exc))
                raise
            finally:
                await self._delete(published)
                total += len(published)
            if len(rows) < self.batch_size:
                return total  # the outbox held fewer than a batch: it is empty now (a new commit wakes us)

    async def _publish_noticed(self) -> None:
        """Publish the events that came with their notifications, in commit order, then delete their rows."""
        while self._notices:
            notices, self._notices = self._notices, []
            published: list[uuid.UUID] = []
            try:
                for notice in notices:
                    event = json.loads(notice)
                    if event["id"] in self._recent:
                        continue  # a sweep published it before its notice was read
                    await self._publish(
                        event["id"], event["type"], event["tenant"], json.dumps(event["envelope"]).encode()
                    )
                    self.published_from_notice += 1
                    published.append(uuid.UUID(event["id"]))
            finally:
                await self._delete(published)  # what was not published stays in the outbox: the next sweep's

    async def _publish(self, event_id: str, event_type: str, tenant: str, data: bytes) -> None:
        ack = await self.js.publish(
            subject_for_type(event_type, self.prefix, tenant),
            data,
            timeout=self.publish_timeout,
            headers={"Nats-Msg-Id": event_id, "Ce-Type": event_type, "Ce-Tenant": tenant},
        )
        if ack.duplicate:  # JetStream had it already: another relay (or this one, before a crash)
            self.duplicates += 1
            log.warning("outbox_event_already_in_stream", event_id=event_id, type=event_type)
        self.published += 1
        self._recent[event_id] = None
        if len(self._recent) > RECENT_IDS:
            del self._recent[next(iter(self._recent))]

    async def _lead(self) -> bool:
        """Whether this relay publishes: it holds the service's advisory lock, or takes it now (trying at most once
        every `standby_interval`); a relay that stands by drops the notifications it was woken by."""
        if not self.leading:
            now = asyncio.get_running_loop().time()
            if now - self._tried_to_lead >= self.standby_interval:
                self._tried_to_lead = now
                conn = await self._connection()
                if await conn.fetchval("SELECT pg_try_advisory_lock(hashtext($1))", self._lock_key):
                    self.leading, self._sweep = True, True
                    log.info("outbox_relay_leading", channel=self.tables.notify_channel)
        if not self.leading:
            self._notices.clear()
        return self.leading

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

    def _noticed(self, _conn: object, _pid: int, _channel: str, payload: str) -> None:
        if payload:
            self._notices.append(payload)
        else:
            self._sweep = True  # an event too large for its notification
        self._wake.set()

    async def _connection(self) -> asyncpg.Connection:
        """The relay's own connection, listening for commits; opened again after it broke (and with it the lock)."""
        if self._conn is not None and not self._conn.is_closed():
            return self._conn
        self.leading, self._sweep, self._tried_to_lead = False, True, float("-inf")
        self._notices.clear()
        self._conn = await asyncpg.connect(
            plain_database_url(self.database.settings.database_url),
            server_settings={"application_name": f"stuurcyclus-{self.database.settings.service}-relay"},
        )
        await self._conn.add_listener(self.tables.notify_channel, self._noticed)
        return self._conn

    async def _close(self) -> None:
        if self._conn is not None and not self._conn.is_closed():
            with contextlib.suppress(Exception):
                await self._conn.close(timeout=2)
        self._conn = None
        self.leading = False


#: How many published event ids a relay remembers, so that a sweep and a notification never publish one twice.
RECENT_IDS = 10_000
