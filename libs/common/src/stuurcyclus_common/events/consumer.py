"""Consuming events: durable pull consumers, explicit ack after commit, bounded redelivery, dead letters, inbox.

For each message: open a transaction, insert `(consumer, event id)` into the inbox (`ON CONFLICT DO NOTHING`);
if it was new, run the handler in that same transaction; commit; then ack. A crash anywhere before the commit
leaves nothing behind and JetStream redelivers; a crash after the commit but before the ack redelivers an event
the inbox already holds, which is acked without applying it again. A handler that keeps failing is retried with
backoff and, after `max_deliver` deliveries, copied to the dead-letter subject and terminated.
"""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field

from nats.aio.msg import Msg
from nats.errors import TimeoutError as NatsTimeoutError
from nats.js import JetStreamContext
from nats.js.api import AckPolicy, ConsumerConfig, DeliverPolicy
from pydantic import ValidationError
from sqlalchemy.dialects.postgresql import insert
from sqlalchemy.ext.asyncio import AsyncSession

from ..db import Database
from ..logs import bind_correlation_id, clear_context, get_logger
from .envelope import EventEnvelope, current_causation_id
from .streams import dead_letter_subject, stream_name
from .tables import EventTables

log = get_logger(__name__)

Handler = Callable[[AsyncSession, EventEnvelope], Awaitable[None]]


#: A handler under this key receives every event of the subscription's subjects that has no handler of its own.
ANY_TYPE = "*"


@dataclass
class Subscription:
    """What one durable consumer of a service listens to, and the handler per event type (or `ANY_TYPE`)."""

    name: str
    source_service: str
    #: Subjects relative to the prefix, e.g. `sporen.spoor.>`.
    subjects: list[str]
    handlers: dict[str, Handler] = field(default_factory=dict)


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
        self.durable = f"{service}-{subscription.name}"
        self.stream = stream_name(prefix, subscription.source_service)
        self.applied = 0

    def consumer_config(self) -> ConsumerConfig:
        return ConsumerConfig(
            durable_name=self.durable,
            description=f"{self.service} consumes {', '.join(self.subscription.subjects)}",
            deliver_policy=DeliverPolicy.ALL,
            ack_policy=AckPolicy.EXPLICIT,
            ack_wait=self.ack_wait,
            max_deliver=self.max_deliver,
            filter_subjects=[f"{self.prefix}.{s}" for s in self.subscription.subjects],
            max_ack_pending=1000,
        )

    async def ensure(self) -> None:
        """Create the durable consumer, or bring an existing one to the current configuration (create-or-update)."""
        await self.js.add_consumer(self.stream, self.consumer_config())

    async def run(self, stop: asyncio.Event) -> None:
        await self.ensure()
        sub = await self.js.pull_subscribe_bind(durable=self.durable, stream=self.stream)
        try:
            while not stop.is_set():
                try:
                    messages = await sub.fetch(self.batch_size, timeout=1.0)
                except (TimeoutError, NatsTimeoutError):
                    continue
                except Exception as exc:  # NATS away: wait for the client to reconnect
                    log.warning("consumer_fetch_failed", consumer=self.durable, error=str(exc) or repr(exc))
                    await asyncio.sleep(0.5)
                    continue
                for msg in messages:
                    await self.process(msg)
        finally:
            await sub.unsubscribe()

    async def process(self, msg: Msg) -> None:
        try:
            envelope = EventEnvelope.model_validate_json(msg.data)
        except ValidationError as exc:
            await self._dead_letter(msg, f"not a valid event envelope: {exc}")
            await msg.term()
            return
        bind_correlation_id(envelope.correlationid)
        token = current_causation_id.set(str(envelope.id))
        try:
            applied = await self._apply(envelope)
        except Exception as exc:
            await self._failed(msg, envelope, exc)
            return
        finally:
            current_causation_id.reset(token)
            clear_context()
        await msg.ack()
        if applied:
            self.applied += 1

    async def _apply(self, envelope: EventEnvelope) -> bool:
        """Apply the event once: inbox row and the handler's writes commit together. False if seen before."""
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
            handler = self.subscription.handlers.get(envelope.type) or self.subscription.handlers.get(ANY_TYPE)
            if handler is None:
                log.info("event_type_ignored", consumer=self.durable, type=envelope.type)
                return False
            await handler(session, envelope)
            return True

    async def _failed(self, msg: Msg, envelope: EventEnvelope, exc: Exception) -> None:
        delivered = msg.metadata.num_delivered
        log.warning(
            "event_handler_failed",
            consumer=self.durable,
            event_id=str(envelope.id),
            type=envelope.type,
            delivered=delivered,
            error=str(exc) or repr(exc),
        )
        if delivered >= self.max_deliver:
            await self._dead_letter(msg, str(exc) or repr(exc))
            await msg.term()
        else:
            await msg.nak(delay=self.backoff[min(delivered, len(self.backoff)) - 1])

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
