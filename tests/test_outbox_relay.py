"""The outbox relay publishes an event straight from the notification its commit sent, one relay at a time.

Two relays of the same service run in-process on a database of their own: the one holding the service's advisory lock
publishes, the other stands by. Every event whose notification carried it is published from the notification (no
claim before the publish) and its row deleted; an event too large for a notification, and rows committed while no
relay listened, go by the sweep; when the leading relay stops, the other takes over within a second or two and
nothing is published twice or left behind.
"""

from __future__ import annotations

import asyncio
import contextlib
import os
import uuid

import asyncpg
import nats
from sporen.models import EVENTS
from stuurcyclus_common.contracts.sporen import SpoorGewijzigd
from stuurcyclus_common.db import Database
from stuurcyclus_common.events import record_event
from stuurcyclus_common.events.outbox import NOTIFY_PAYLOAD_LIMIT, OutboxRelay
from stuurcyclus_common.events.streams import ensure_streams, stream_name
from stuurcyclus_common.settings import ServiceSettings, plain_database_url
from stuurcyclus_local.platform import Infrastructure, create_database, database_url, drop_database, run_manage

from .support import eventually

TENANT = "GM0193"


async def test_one_relay_publishes_from_notifications_and_the_other_takes_over(infra: Infrastructure) -> None:
    database, prefix = f"sctest_relay_{uuid.uuid4().hex[:8]}", f"relay{uuid.uuid4().hex[:8]}"
    await create_database(infra.server_url, database)
    url = database_url(infra.server_url, database)
    await asyncio.to_thread(run_manage, "migrate", {**os.environ, "DATABASE_URL": url}, ("sporen",))
    settings = ServiceSettings.for_service("sporen", database_url=url, nats_url=infra.nats_url, log_json=False)
    db = Database(settings, pool_size=2)
    nc = await nats.connect(infra.nats_url)
    js = nc.jetstream()
    await ensure_streams(js, prefix, ["sporen"])
    conn = await asyncpg.connect(plain_database_url(url))
    stops = [asyncio.Event(), asyncio.Event()]
    relays = [OutboxRelay(db, EVENTS, js, prefix=prefix, poll_interval=30, standby_interval=0.2) for _ in stops]
    tasks: list[asyncio.Task] = []

    async def commit(naam: str) -> uuid.UUID:
        data = SpoorGewijzigd(spoorId=uuid.uuid4(), nummer=1, naam=naam, status="actief", versie=2)
        async with db.session_scope() as session:
            return (await record_event(session, EVENTS, data, tenant=TENANT)).id

    async def outbox_empty() -> bool:
        return await conn.fetchval("SELECT count(*) FROM sporen.outbox") == 0

    try:
        before_any_relay = await commit("vóór de relay")  # committed while no relay listened: the first sweep's
        tasks.append(asyncio.create_task(relays[0].run(stops[0])))
        await eventually(lambda: _true(relays[0].leading))
        tasks.append(asyncio.create_task(relays[1].run(stops[1])))
        await eventually(outbox_empty)
        assert relays[0].published == 1 and relays[0].published_from_notice == 0, "the sweep at start took it"

        small = [await commit(f"spoor {n}") for n in range(20)]
        large = await commit("x" * (NOTIFY_PAYLOAD_LIMIT + 100))  # too large for its notification
        await eventually(outbox_empty)
        assert relays[0].published_from_notice == 20, "each small event straight from its notification"
        assert relays[0].published == 22, "the large one by a sweep"
        assert not relays[1].leading and relays[1].published == 0, "the other relay stood by"

        stops[0].set()  # the leading relay stops (its connection, and with it the lock, goes)
        await tasks[0]
        later = [await commit(f"later {n}") for n in range(5)]
        await eventually(outbox_empty, timeout=10)
        assert relays[1].leading and relays[1].published == 5

        ids = await _published_ids(js, stream_name(prefix, "sporen"))
        sent = [before_any_relay, *small, large, *later]
        assert sorted(ids) == sorted(str(i) for i in sent), "every event once in the stream, none left behind"
        assert relays[0].duplicates == relays[1].duplicates == 0, "JetStream had none of them already"
    finally:
        for stop in stops:
            stop.set()
        for task in tasks:
            with contextlib.suppress(Exception):
                await asyncio.wait_for(task, 10)
        await conn.close()
        await db.dispose()
        for info in await js.streams_info():
            if (info.config.name or "").startswith(prefix.upper() + "_"):
                await js.delete_stream(info.config.name)
        await nc.close()
        await drop_database(infra.server_url, database)


async def _true(value: bool) -> bool:
    return value


async def _published_ids(js, stream: str) -> list[str]:  # noqa: ANN001
    info = await js.stream_info(stream)
    ids = []
    for seq in range(info.state.first_seq, info.state.last_seq + 1):
        message = await js.get_msg(stream, seq)
        ids.append((message.headers or {})["Nats-Msg-Id"])
    return ids
