"""Bounded redelivery: a poison message and an event whose handler keeps failing end on the dead-letter subject.

A consumer with a deliberately failing handler runs in-process against the real NATS and the test database,
on a stream prefix of its own.
"""

from __future__ import annotations

import asyncio
import json
import uuid

import asyncpg
from indicatoren.models import EVENTS as INDICATOREN_EVENTS
from sqlalchemy.ext.asyncio import AsyncSession
from stuurcyclus_common.contracts.sporen import SpoorAangemaakt
from stuurcyclus_common.events import EventConsumer, EventEnvelope, Subscription
from stuurcyclus_common.events.streams import stream_name
from stuurcyclus_common.settings import plain_database_url

from .support import RunningPlatform, in_process_events


async def test_failing_and_poison_events_are_dead_lettered_after_bounded_redelivery(platform: RunningPlatform) -> None:
    stop = asyncio.Event()
    attempts: list[uuid.UUID] = []

    async def always_fails(session: AsyncSession, envelope: EventEnvelope) -> None:
        attempts.append(envelope.id)
        raise RuntimeError("handler broke")

    subscription = Subscription(
        name="dlqtest",
        source_service="sporen",
        subjects=["sporen.spoor.>"],
        handlers={SpoorAangemaakt.event_name.type: always_fails},
    )
    async with in_process_events(platform, "dlq") as events:
        prefix, js = events.prefix, events.js
        consumer = EventConsumer(
            service="indicatoren",
            subscription=subscription,
            database=events.database,
            tables=INDICATOREN_EVENTS,
            js=js,
            prefix=prefix,
            max_deliver=3,
            backoff=[0.1, 0.2],
        )
        task = asyncio.create_task(consumer.run(stop))
        try:
            envelope = await events.publish_track()
            subject = SpoorAangemaakt.event_name.subject(prefix, envelope.tenant)
            await js.publish(subject, b"{not an event", headers={"Nats-Msg-Id": "poison-1"})

            dead = await js.pull_subscribe(f"{prefix}.dlq.>", stream=stream_name(prefix, "dlq"))
            letters = []
            deadline = asyncio.get_running_loop().time() + 20
            while len(letters) < 2 and asyncio.get_running_loop().time() < deadline:
                try:
                    letters += await dead.fetch(2 - len(letters), timeout=1)
                except TimeoutError:  # nats.errors.TimeoutError is one too
                    continue
        finally:
            stop.set()
            await asyncio.wait_for(task, 10)
        info = await js.consumer_info(stream_name(prefix, "sporen"), "indicatoren-dlqtest")

    assert len(letters) == 2
    by_body = {letter.data: letter for letter in letters}
    poison = by_body[b"{not an event"]
    assert "not a valid event envelope" in poison.headers["Stuurcyclus-Error"]
    failed = by_body[envelope.model_dump_json().encode()]
    assert failed.headers["Stuurcyclus-Error"] == "handler broke"
    assert failed.headers["Stuurcyclus-Consumer"] == "indicatoren-dlqtest"
    assert failed.subject == f"{prefix}.dlq.indicatoren.dlqtest"
    assert json.loads(failed.data)["id"] == str(envelope.id)
    assert attempts == [envelope.id] * 3, "delivered exactly max_deliver times, then given up"
    assert info.num_pending == 0 and info.num_ack_pending == 0, "nothing left to redeliver"
    conn = await asyncpg.connect(plain_database_url(platform.database_url))
    try:
        inbox = await conn.fetchval("SELECT count(*) FROM indicatoren.inbox WHERE consumer = 'indicatoren-dlqtest'")
    finally:
        await conn.close()
    assert inbox == 0, "a failed handler's transaction, inbox row included, was rolled back"
