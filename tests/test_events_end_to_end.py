"""One event crossing services end to end, over the real platform processes, PostgreSQL and NATS."""

from __future__ import annotations

import asyncio
import uuid

import asyncpg
import httpx
import nats
from stuurcyclus_common.events import EventEnvelope
from stuurcyclus_common.events.streams import stream_name
from stuurcyclus_common.settings import plain_database_url

from .support import RunningPlatform, auth_headers, eventually, fetched, unique_tenant


async def _read_model(platform: RunningPlatform, tenant: str) -> dict[str, dict]:
    """indicatoren's read model of the tenant's tracks, through the gateway, by spoor id."""
    async with httpx.AsyncClient(base_url=platform.gateway, headers=auth_headers(platform, tenant)) as client:
        found: dict[str, dict] = {}
        url: str | None = "/api/v1/indicatoren/sporen?pageSize=100"
        while url:
            page = (await client.get(url)).raise_for_status().json()
            found.update({row["spoorId"]: row for row in page["results"]})
            url = page["next"]
        return found


async def test_change_in_sporen_is_visible_in_indicatoren(platform: RunningPlatform) -> None:
    tenant = unique_tenant()
    async with httpx.AsyncClient(base_url=platform.gateway, headers=auth_headers(platform, tenant)) as client:
        created = (await client.post("/api/v1/sporen/sporen", json={"nummer": 3, "naam": "Jeugd"})).json()
        spoor_id = created["id"]

        async def visible() -> dict | None:
            return (await _read_model(platform, tenant)).get(spoor_id)

        row = await eventually(visible)
        assert (row["naam"], row["nummer"], row["versie"], row["eventsApplied"]) == ("Jeugd", 3, 1, 1)

        changed = await client.patch(
            f"/api/v1/sporen/sporen/{spoor_id}",
            json={"naam": "Jeugd: herstel in het gewone leven"},
            headers={"If-Match": '"1"'},
        )
        assert changed.status_code == 200, changed.text

        async def updated() -> dict | None:
            row = (await _read_model(platform, tenant)).get(spoor_id)
            return row if row and row["versie"] == 2 else None

        row = await eventually(updated)
        assert row["naam"] == "Jeugd: herstel in het gewone leven"
        assert row["eventsApplied"] == 2

    # Another municipality sees none of it.
    assert spoor_id not in await _read_model(platform, unique_tenant())


async def test_consumer_killed_mid_stream_loses_nothing_and_applies_nothing_twice(platform: RunningPlatform) -> None:
    tenant = unique_tenant()
    created: list[str] = []
    async with httpx.AsyncClient(base_url=platform.gateway, headers=auth_headers(platform, tenant)) as client:

        async def produce() -> None:
            for nummer in range(1, 100):
                response = await client.post(
                    "/api/v1/sporen/sporen", json={"nummer": nummer, "naam": f"spoor {nummer}"}
                )
                assert response.status_code == 201, response.text
                created.append(response.json()["id"])

        producer = asyncio.create_task(produce())
        # While events are still being produced and applied, kill the consumer (SIGKILL, as a crash) ...
        await eventually(lambda: _count_at_least(platform, tenant, 20))
        platform.group.kill("indicatoren-worker")
        applied_at_kill = len(await _read_model(platform, tenant))
        produced_at_kill = len(created)
        # ... let changes go on while it is down, then start it again.
        await asyncio.sleep(0.5)
        platform.group.start_worker("indicatoren")
        await producer

    assert applied_at_kill >= 20 and produced_at_kill < len(created), "the kill did not happen mid-stream"
    await eventually(lambda: _count_at_least(platform, tenant, len(created)), timeout=30)
    rows = await _read_model(platform, tenant)
    assert set(rows) == set(created)
    assert {row["eventsApplied"] for row in rows.values()} == {1}, "an event was applied twice"


async def _count_at_least(platform: RunningPlatform, tenant: str, minimum: int) -> bool:
    return len(await _read_model(platform, tenant)) >= minimum


async def test_redelivered_event_is_applied_once(platform: RunningPlatform) -> None:
    """JetStream drops a republished event id; the inbox catches one that gets past it (e.g. after the window)."""
    tenant = unique_tenant()
    async with httpx.AsyncClient(base_url=platform.gateway, headers=auth_headers(platform, tenant)) as client:
        spoor_id = (await client.post("/api/v1/sporen/sporen", json={"nummer": 1, "naam": "Basis"})).json()["id"]
    await eventually(lambda: _has(platform, tenant, spoor_id))

    nc = await nats.connect(platform.infra.nats_url)
    try:
        js = nc.jetstream()
        stream = stream_name(platform.prefix, "sporen")
        # Read the event as it was published (an ephemeral consumer of our own) ...
        sub = await js.pull_subscribe(f"{platform.prefix}.sporen.{tenant}.spoor.aangemaakt", stream=stream)
        original, envelope = None, None
        while original is None:
            for msg in await fetched(sub, 100, 2):
                await msg.ack()
                candidate = EventEnvelope.model_validate_json(msg.data)
                if candidate.subject == spoor_id:
                    original, envelope = msg, candidate
        await sub.unsubscribe()
        # ... publish it again with the same Nats-Msg-Id: JetStream drops it ...
        same_id = await js.publish(original.subject, original.data, headers={"Nats-Msg-Id": str(envelope.id)})
        assert same_id.duplicate is True
        # ... and with a new one: JetStream delivers it, the consumer must recognise the event id.
        replay = await js.publish(original.subject, original.data, headers={"Nats-Msg-Id": f"replay-{uuid.uuid4()}"})
        assert not replay.duplicate

        async def replay_handled() -> bool:
            info = await js.consumer_info(stream, "indicatoren-sporen")
            return info.ack_floor.stream_seq >= replay.seq and info.num_ack_pending == 0

        await eventually(replay_handled)
    finally:
        await nc.close()

    conn = await asyncpg.connect(plain_database_url(platform.database_url))
    try:
        applied = await conn.fetchval(
            "SELECT events_applied FROM indicatoren.spoor_referentie WHERE spoor_id = $1", uuid.UUID(spoor_id)
        )
        inbox = await conn.fetchval("SELECT count(*) FROM indicatoren.inbox WHERE event_id = $1", envelope.id)
    finally:
        await conn.close()
    assert applied == 1
    assert inbox == 1


async def _has(platform: RunningPlatform, tenant: str, spoor_id: str) -> bool:
    return spoor_id in await _read_model(platform, tenant)
