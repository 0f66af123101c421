"""The inbox is pruned of rows older than anything the streams still hold (a year and a week), never newer ones."""

from __future__ import annotations

import uuid

import asyncpg
from sporen.models import EVENTS
from stuurcyclus_common.db import Database
from stuurcyclus_common.events.worker import prune_inbox
from stuurcyclus_common.settings import ServiceSettings, plain_database_url

from .support import RunningPlatform


async def test_only_inbox_rows_older_than_the_streams_retention_are_pruned(platform: RunningPlatform) -> None:
    old, recent, borderline = uuid.uuid4(), uuid.uuid4(), uuid.uuid4()
    conn = await asyncpg.connect(plain_database_url(platform.database_url))
    try:
        insert = (
            "INSERT INTO sporen.inbox (consumer, event_id, tenant, type, processed_at) "
            "VALUES ('pruning-test', $1, 'GM0193', 'test', now() - make_interval(days => $2))"
        )
        await conn.execute(insert, old, 400)
        await conn.execute(insert, borderline, 360)  # still inside what a stream may hand out again
        await conn.execute(insert, recent, 0)
        database = Database(ServiceSettings(service="sporen", database_url=platform.database_url))
        try:
            assert await prune_inbox(database, EVENTS) >= 1
        finally:
            await database.dispose()
        left = {
            r["event_id"] for r in await conn.fetch("SELECT event_id FROM sporen.inbox WHERE consumer = 'pruning-test'")
        }
    finally:
        await conn.close()
    assert left == {recent, borderline}
