"""Consuming events: durable pull consumers, explicit ack after commit, bounded redelivery, dead letters, inbox.

For each message: open a transaction, insert `(consumer, event id)` into the inbox (`ON CONFLICT DO NOTHING`);
if it was new, run the handler in that same transaction; commit; then ack. A crash anywhere before the commit
leaves nothing behind and JetStream redelivers; a crash after the commit but before the ack redelivers an event
the inbox already holds, which is acked without applying it again. A read model's handler, whose whole effect is one
upsert (`OneStatementHandler`), is applied with its inbox row in one statement instead: the same guarantees, one
round trip.

Two kinds of failure, told apart by `errors.unavailable`:
- the handler fails *on the event* (a bug, data it cannot take): retried with backoff (`nak` with a delay) and,
  after `max_deliver` such failures, copied to the dead-letter subject and terminated;
- the infrastructure fails (the database or NATS unreachable, a timeout, a serialization failure): that is not the
  event's fault, so it spends none of the event's attempts. The consumer stops fetching, keeps the events it holds
  (`in_progress`, so JetStream does not hand them to another worker as failures), and retries the same event with
  backoff until the database answers again — for as long as the outage lasts.

JetStream's own `max_deliver` is unlimited (an event is never silently dropped by the server); the count of failures
on the event is the consumer's. A worker that restarts starts that count again, so an event's attempts are bounded
per process, and an event that crashed its worker is simply delivered again.
"""

from __future__ import annotations

import asyncio
import contextlib
import time
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from typing import Any, Protocol, runtime_checkable

from nats.aio.msg import Msg
from nats.errors import TimeoutError as NatsTimeoutError
from nats.js import JetStreamContext
from nats.js.api import AckPolicy, ConsumerConfig, DeliverPolicy
from opentelemetry.trace import SpanKind
from pydantic import ValidationError
from sqlalchemy import bindparam, exists, literal_column, select
from sqlalchemy.dialects.postgresql import Insert, insert
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.sql.elements import ColumnElement

from .. import otel
from ..db import Database
from ..errors import unavailable
from ..logs import Throttled, bind_correlation_id, bind_trace, clear_context, get_logger
from ..reads import Prepared
from .deadletters import replay_subject
from .envelope import EventEnvelope, current_causation_id, event_subject, legacy_event_subject
from .streams import dead_letter_subject, stream_name
from .tables import EventTables

log = get_logger(__name__)

Handler = Callable[[AsyncSession, EventEnvelope], Awaitable[None]]


@runtime_checkable
class OneStatementHandler(Protocol):
    """A handler whose whole effect is one INSERT (a read model's upsert). The consumer writes it and the inbox row
    in one statement — the upsert only where the inbox row was new (`only_if`) — committed on its own: one round
    trip instead of a transaction of four (BEGIN, inbox row, upsert, COMMIT), the largest part of an event's way
    under load. The statement is built and compiled once (`template`, its values parameters) and prepared once per
    connection; each event only supplies its values (`parameters`). Called as a plain handler it does the same
    inside the caller's transaction."""

    async def __call__(self, session: AsyncSession, envelope: EventEnvelope) -> None: ...

    def template(self, only_if: ColumnElement[bool]) -> Insert: ...

    def parameters(self, envelope: EventEnvelope) -> dict[str, Any]: ...


@runtime_checkable
class SelectiveHandler(Protocol):
    """A handler that most events do not concern (notificaties: an event nobody subscribed to). The consumer asks it
    first, with one read outside any transaction, and acknowledges an event that does not concern it without an
    inbox row or a transaction — nothing to apply, so nothing to remember; one that does goes the usual way, where
    the handler decides again in the transaction."""

    async def __call__(self, session: AsyncSession, envelope: EventEnvelope) -> None: ...

    async def concerns(self, database: Database, envelope: EventEnvelope) -> bool: ...


#: A handler under this key receives every event of the subscription's subjects that has no handler of its own.
ANY_TYPE = "*"


@dataclass
class Subscription:
    """What one durable consumer of a service listens to, and the handler per event type (or `ANY_TYPE`)."""

    name: str
    source_service: str
    #: What it listens to, relative to the prefix and without the municipality: `sporen.spoor.>` (a service's events
    #: about one entity) or `sporen.>` (all of a service's events). On the wire the municipality comes second:
    #: `<prefix>.sporen.<gemeente>.spoor.<action>` (`subject_filters`).
    subjects: list[str]
    handlers: dict[str, Handler] = field(default_factory=dict)
    #: One municipality only (its CBS code): the consumer's filter names it, so NATS hands it nothing else.
    gemeente: str | None = None


def subject_filters(pattern: str, prefix: str, gemeente: str | None, legacy: bool) -> list[str]:
    """The NATS filters of a subscription pattern: `sporen.spoor.>` → `<prefix>.sporen.<gemeente or *>.spoor.*`, and
    with `legacy` also the subject before the municipality was in it, `<prefix>.sporen.spoor.*`. The two never overlap
    (five tokens against four), which JetStream requires of a consumer's filters."""
    service, *rest = pattern.split(".")
    entity = rest[0] if rest and rest[0] != ">" else "*"
    filters = [event_subject(prefix, service, gemeente or "*", entity, "*")]
    if legacy:
        filters.append(legacy_event_subject(prefix, service, entity, "*"))
    return filters


#: How long one pull waits for an event before it is asked again (the loop then sees `stop`).
FETCH_TIMEOUT_SECONDS = 1.0


def next_batch(messages: list[Msg], batch_size: int) -> int:
    """How many events the next pull asks for: as many as JetStream said still wait after the last one it handed
    over (at most `batch_size`), else one — never more than are there. nats-py's fetch of n returns when it holds n,
    or when the server ends the pull; asked for 50 while one event came at a time, it could hold that one until the
    next arrived (stalls of 30–120 ms between the stream and the consumer in `bench/tenants.py`, in runs of a second
    after a quiet spell). A backlog still comes in batches: the count says how many are there."""
    if not messages:
        return 1
    return max(1, min(batch_size, messages[-1].metadata.num_pending))


def subject_matches(pattern: str, subject: str) -> bool:
    """NATS subject matching: `*` one token, `>` the rest."""
    tokens, parts = pattern.split("."), subject.split(".")
    for i, token in enumerate(tokens):
        if token == ">":
            return len(parts) > i
        if i >= len(parts) or (token != "*" and token != parts[i]):
            return False
    return len(tokens) == len(parts)


class EventConsumer:
    def __init__(
        self,
        *,
        service: str,
        subscription: Subscription,
        database: Database,
        tables: EventTables,
        js: JetStreamContext,
        prefix: str,
        max_deliver: int = 5,
        backoff: list[float] | None = None,
        ack_wait: float = 30.0,
        batch_size: int = 50,
        legacy_subjects: bool = True,
    ) -> None:
        self.service = service
        self.subscription = subscription
        self.database = database
        self.tables = tables
        self.js = js
        self.prefix = prefix
        self.max_deliver = max_deliver
        self.backoff = backoff or [1.0, 5.0, 30.0]
        self.ack_wait = ack_wait
        self.batch_size = batch_size
        self.legacy_subjects = legacy_subjects
        self.durable = f"{service}-{subscription.name}"
        self.stream = stream_name(prefix, subscription.source_service)
        self.replay_subject = replay_subject(prefix, subscription.source_service, self.durable)
        self.applied = 0
        #: Failures of the handler on each event (infrastructure failures do not count), until it succeeds or dies.
        self.failures: dict[str, int] = {}
        #: Set while the consumer waits for the database (or NATS) to come back: what the worker's health says.
        self.waiting_since: float | None = None
        #: Per one-statement handler, its statement with the inbox row, compiled once (`_one_statement`).
        self._one_statements: dict[int, Prepared] = {}

    def consumer_config(self) -> ConsumerConfig:
        return ConsumerConfig(
            durable_name=self.durable,
            description=f"{self.service} consumes {', '.join(self.subscription.subjects)}",
            deliver_policy=DeliverPolicy.ALL,
            ack_policy=AckPolicy.EXPLICIT,
            ack_wait=self.ack_wait,
            max_deliver=-1,  # never dropped by the server: the consumer counts the failures that are the event's
            filter_subjects=self.filter_subjects(),
            max_ack_pending=1000,
        )

    def filter_subjects(self) -> list[str]:
        """Its subjects (with the municipality, and the ones from before it was in them while those are read), and the
        replay subject of letters from the dead-letter stream (for this consumer only) unless a wildcard of its
        subjects covers it already (JetStream refuses overlapping filters)."""
        subjects: list[str] = []
        for pattern in self.subscription.subjects:
            for subject in subject_filters(pattern, self.prefix, self.subscription.gemeente, self.legacy_subjects):
                if subject not in subjects:
                    subjects.append(subject)
        covered = any(subject_matches(pattern, self.replay_subject) for pattern in subjects)
        return subjects if covered else [*subjects, self.replay_subject]

    async def ensure(self) -> None:
        """Create the durable consumer, or bring an existing one to the current configuration (create-or-update)."""
        await self.js.add_consumer(self.stream, self.consumer_config())

    async def run(self, stop: asyncio.Event) -> None:
        await self.ensure()
        sub = await self.js.pull_subscribe_bind(durable=self.durable, stream=self.stream)
        fetch_failed = Throttled(log, "consumer_fetch_failed")
        wanted = 1  # at start as after: one, which says how many more wait (`next_batch`)
        try:
            while not stop.is_set():
                try:
                    messages = await sub.fetch(wanted, timeout=FETCH_TIMEOUT_SECONDS)
                except (TimeoutError, NatsTimeoutError):
                    wanted = 1
                    fetch_failed.ok("consumer_fetching_again", consumer=self.durable)
                    continue
                except Exception as exc:  # NATS away: wait for the client to reconnect
                    wanted = 1
                    fetch_failed.warning(consumer=self.durable, error=str(exc) or repr(exc))
                    await asyncio.sleep(0.5)
                    continue
                wanted = next_batch(messages, self.batch_size)
                fetch_failed.ok("consumer_fetching_again", consumer=self.durable)
                for i, msg in enumerate(messages):
                    try:
                        await self.process(msg, held=messages[i + 1 :], stop=stop)
                    except Exception as exc:  # NATS gone while acking or dead-lettering: JetStream delivers again
                        log.warning("consumer_message_unsettled", consumer=self.durable, error=str(exc) or repr(exc))
        finally:
            await sub.unsubscribe()

    async def process(self, msg: Msg, held: list[Msg] | None = None, stop: asyncio.Event | None = None) -> None:
        if ".herhaling." in msg.subject and msg.subject != self.replay_subject:
            await msg.ack()  # another consumer's replayed letter, seen through a wildcard: not ours
            return
        try:
            envelope = EventEnvelope.model_validate_json(msg.data)
        except ValidationError as exc:
            await self._dead_letter(msg, f"not a valid event envelope: {exc}")
            await msg.term()
            return
        if self.subscription.gemeente is not None and envelope.tenant != self.subscription.gemeente:
            await msg.ack()  # another municipality's event from before the municipality was in the subject
            return
        bind_correlation_id(envelope.correlationid)
        attributes = {"messaging.system": "nats", "messaging.consumer.group.name": self.durable}
        with otel.span(
            f"apply {envelope.type}", envelope.traceparent, kind=SpanKind.CONSUMER, attributes=attributes
        ) as span:
            # the consumer's lines carry the trace of the request that caused it (its span, where spans are recorded)
            bind_trace(otel.traceparent_of(span) if span else envelope.traceparent, own_span=span is not None)
            token = current_causation_id.set(str(envelope.id))
            delay = 0.2
            try:
                while True:
                    try:
                        applied = await self._apply(envelope)
                        break
                    except Exception as exc:
                        if not unavailable(exc):
                            await self._failed(msg, envelope, exc)
                            return
                        if stop is not None and stop.is_set():
                            return  # not acked: delivered again later, and that is no failure of the event either
                        await self._wait_for_infrastructure(msg, held or [], exc, delay)
                        delay = min(delay * 2, self.ack_wait / 3, 5.0)
            finally:
                current_causation_id.reset(token)
                clear_context()
        if self.waiting_since is not None:
            log.info(
                "consumer_resumed", consumer=self.durable, waited_s=round(time.monotonic() - self.waiting_since, 1)
            )
            self.waiting_since = None
        await msg.ack()
        self.failures.pop(str(envelope.id), None)
        if applied:
            self.applied += 1

    async def _wait_for_infrastructure(self, msg: Msg, held: list[Msg], exc: Exception, delay: float) -> None:
        """The database (or NATS) is away: keep this event and the ones fetched with it, fetch nothing new, wait."""
        if self.waiting_since is None:
            self.waiting_since = time.monotonic()
            log.warning("consumer_waiting", consumer=self.durable, error=str(exc) or type(exc).__name__)
        for pending in (msg, *held):
            with contextlib.suppress(Exception):  # NATS away too: JetStream redelivers after ack_wait, harmlessly
                await pending.in_progress()
        await asyncio.sleep(delay)

    async def _apply(self, envelope: EventEnvelope) -> bool:
        """Apply the event once: inbox row and the handler's writes commit together. False if seen before."""
        handler = self.subscription.handlers.get(envelope.type) or self.subscription.handlers.get(ANY_TYPE)
        if handler is None:  # nothing to apply, so nothing to remember either: no round trip to the database
            log.info("event_type_ignored", consumer=self.durable, type=envelope.type)
            return False
        if isinstance(handler, SelectiveHandler) and not await handler.concerns(self.database, envelope):
            log.info("event_concerns_no_one", consumer=self.durable, event_id=str(envelope.id), type=envelope.type)
            return False
        if isinstance(handler, OneStatementHandler):
            return await self._apply_in_one_statement(envelope, handler)
        inbox = self.tables.inbox
        async with self.database.session_scope() as session:
            inserted = await session.execute(
                insert(inbox)
                .values(consumer=self.durable, event_id=envelope.id, tenant=envelope.tenant, type=envelope.type)
                .on_conflict_do_nothing()
                .returning(inbox.c.event_id)
            )
            if inserted.first() is None:
                log.info("event_already_applied", consumer=self.durable, event_id=str(envelope.id))
                return False
            await handler(session, envelope)
            log.info("event_applied", consumer=self.durable, event_id=str(envelope.id), type=envelope.type)
            return True

    async def _apply_in_one_statement(self, envelope: EventEnvelope, handler: OneStatementHandler) -> bool:
        """The inbox row and the handler's upsert in one statement, its own transaction: the upsert writes only
        where the inbox row was new, and answers a row only then."""
        statement = self._one_statements.get(id(handler))
        if statement is None:
            statement = self._one_statements[id(handler)] = _one_statement(self.tables, handler)
        values = handler.parameters(envelope)
        inbox = {
            "inbox_consumer": self.durable,
            "inbox_event_id": envelope.id,
            "inbox_tenant": envelope.tenant,
            "inbox_type": envelope.type,
        }
        applied = bool(await self.database.fetch_on_engine(statement, **values, **inbox))
        if not applied:
            log.info("event_already_applied", consumer=self.durable, event_id=str(envelope.id))
            return False
        log.info("event_applied", consumer=self.durable, event_id=str(envelope.id), type=envelope.type)
        return True

    async def _failed(self, msg: Msg, envelope: EventEnvelope, exc: Exception) -> None:
        """The handler failed on the event itself: retry with backoff, or after `max_deliver` failures dead-letter."""
        key = str(envelope.id)
        failures = self.failures[key] = self.failures.get(key, 0) + 1
        log.warning(
            "event_handler_failed",
            consumer=self.durable,
            event_id=key,
            type=envelope.type,
            failures=failures,
            delivered=msg.metadata.num_delivered,
            error=str(exc) or repr(exc),
        )
        if failures >= self.max_deliver:
            await self._dead_letter(msg, str(exc) or repr(exc))
            await msg.term()
            self.failures.pop(key, None)
        else:
            await msg.nak(delay=self.backoff[min(failures, len(self.backoff)) - 1])

    async def _dead_letter(self, msg: Msg, reason: str) -> None:
        subject = dead_letter_subject(self.prefix, self.service, self.subscription.name)
        headers = {
            "Stuurcyclus-Original-Subject": msg.subject,
            "Stuurcyclus-Consumer": self.durable,
            "Stuurcyclus-Error": reason[:1000],
        }
        original_id = (msg.headers or {}).get("Nats-Msg-Id")
        if original_id:
            headers["Nats-Msg-Id"] = f"dlq-{self.durable}-{original_id}"
        await self.js.publish(subject, msg.data, headers=headers)
        log.error("event_dead_lettered", consumer=self.durable, subject=msg.subject, reason=reason[:200])


def _one_statement(tables: EventTables, handler: OneStatementHandler) -> Prepared:
    """`WITH seen AS (INSERT inbox row ON CONFLICT DO NOTHING RETURNING …) INSERT … SELECT … WHERE EXISTS (SELECT FROM
    seen) ON CONFLICT … RETURNING 1`: the inbox row's values are the parameters `inbox_*`, the handler's its own."""
    inbox = tables.inbox
    seen = (
        insert(inbox)
        .values(
            consumer=bindparam("inbox_consumer", type_=inbox.c.consumer.type),
            event_id=bindparam("inbox_event_id", type_=inbox.c.event_id.type),
            tenant=bindparam("inbox_tenant", type_=inbox.c.tenant.type),
            type=bindparam("inbox_type", type_=inbox.c.type.type),
        )
        .on_conflict_do_nothing()
        .returning(inbox.c.event_id)
        .cte("seen")
    )
    return Prepared(handler.template(exists(select(seen.c.event_id))).add_cte(seen).returning(literal_column("1")))
