"""A consumer asks JetStream for the events that are there, and no more: its first pull asks for one, a backlog is
then asked for by the count JetStream gave with that one, and once caught up each pull asks for one — so a pull never
holds an event while it waits for others to fill a batch (`consumer.next_batch`).

In-process against the real NATS and the test database, on a stream prefix of its own; the pulls are read off the
wire (a plain subscriber to JetStream's pull subject sees every request the consumer sends)."""

from __future__ import annotations

import asyncio
import json
import uuid

from indicatoren.models import EVENTS as INDICATOREN_EVENTS
from nats.aio.msg import Msg
from sqlalchemy.ext.asyncio import AsyncSession
from stuurcyclus_common.events import EventConsumer, EventEnvelope, Subscription
from stuurcyclus_common.events.streams import stream_name

from .support import RunningPlatform, eventually, in_process_events


async def test_pulls_ask_for_what_waits_a_backlog_by_its_count_then_one_at_a_time(platform: RunningPlatform) -> None:
    stop = asyncio.Event()
    applied: list[uuid.UUID] = []

    async def record(session: AsyncSession, envelope: EventEnvelope) -> None:
        applied.append(envelope.id)

    async with in_process_events(platform, "pull") as events:
        subscription = Subscription(
            name="pulls", source_service="sporen", subjects=["sporen.spoor.>"], handlers={"*": record}
        )
        consumer = EventConsumer(
            service="indicatoren",
            subscription=subscription,
            database=events.database,
            tables=INDICATOREN_EVENTS,
            js=events.js,
            prefix=events.prefix,
        )
        asked: list[int] = []

        async def pulled(msg: Msg) -> None:
            asked.append(json.loads(msg.data)["batch"])

        pulls = f"$JS.API.CONSUMER.MSG.NEXT.{stream_name(events.prefix, 'sporen')}.{consumer.durable}"
        spy = await events.nc.subscribe(pulls, cb=pulled)
        backlog = [(await events.publish_track()).id for _ in range(7)]  # there before the consumer starts
        task = asyncio.create_task(consumer.run(stop))
        try:
            await eventually(_count(applied, 7), timeout=20)
            await asyncio.sleep(1.3)  # caught up: a pull of one runs out at least once
            later = (await events.publish_track()).id
            await eventually(_count(applied, 8), timeout=20)
        finally:
            stop.set()
            await asyncio.wait_for(task, 10)
            await events.nc.flush()
            await spy.unsubscribe()

    assert applied == [*backlog, later], "every event applied once, in order"
    assert asked[:2] == [1, 6], "one first; it said six more wait: the six, in one pull"
    assert set(asked[2:]) == {1}, f"caught up, each pull asks for one (asked: {asked})"
    assert len(asked) >= 4, "the pull of one that ran out was asked again"


def _count(applied: list, n: int):  # noqa: ANN202
    async def reached() -> bool:
        return len(applied) >= n

    return reached
