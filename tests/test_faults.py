"""Faults, each on servers the test starts and stops itself (a private PostgreSQL from the wheel), bounded:

- PostgreSQL away for longer than the whole redelivery schedule while events are in flight: every event is applied
  once after it returns, and nothing is dead-lettered (waiting is not the event's failure);
- PostgreSQL killed (as a crash) while writes stream through the gateway: every answer is 2xx and durable, or 503
  problem+json with Retry-After — never a 500 or 502 — and what was answered "nothing saved" was not saved.
"""

from __future__ import annotations

import asyncio
import json
import os
import uuid
from pathlib import Path

import asyncpg
import httpx
import nats
import pytest
from indicatoren.handlers import SUBSCRIPTIONS as INDICATOREN_SUBSCRIPTIONS
from indicatoren.models import EVENTS as INDICATOREN_EVENTS
from stuurcyclus_common.contracts.sporen import SpoorAangemaakt
from stuurcyclus_common.events import EventEnvelope
from stuurcyclus_common.events.streams import stream_name
from stuurcyclus_common.events.worker import run_worker
from stuurcyclus_common.settings import ServiceSettings, plain_database_url
from stuurcyclus_local.embedded import EmbeddedPostgres, free_port
from stuurcyclus_local.platform import (
    Infrastructure,
    Ports,
    ProcessGroup,
    create_database,
    database_url,
    platform_env,
    remove_streams,
    run_manage,
    token_for,
)

from .support import RunningPlatform, auth_headers, eventually, unique_tenant

pytestmark = pytest.mark.slow
PROBLEM = "application/problem+json"


@pytest.fixture(scope="module")
def private_postgres(tmp_root: Path):  # noqa: ANN201
    """A PostgreSQL of this module's own (it is stopped and killed here), with sporen's and indicatoren's schemas."""
    server = EmbeddedPostgres(tmp_root / f"pg-faults-{uuid.uuid4().hex[:6]}", free_port())
    server.start()
    url = database_url(server.url, "faults")
    asyncio.run(create_database(server.url, "faults"))
    run_manage("migrate", {**os.environ, "DATABASE_URL": url}, ("sporen", "indicatoren"))
    yield server, url
    server.stop()


async def _count(url: str, sql: str, *args: object) -> int:
    conn = await asyncpg.connect(plain_database_url(url))
    try:
        return int(await conn.fetchval(sql, *args))
    finally:
        await conn.close()


async def test_a_database_outage_longer_than_the_backoff_dead_letters_nothing(
    private_postgres: tuple[EmbeddedPostgres, str], infra: Infrastructure
) -> None:
    server, url = private_postgres
    prefix = f"faults{uuid.uuid4().hex[:8]}"
    settings = ServiceSettings.for_service(
        "indicatoren",
        database_url=url,
        nats_url=infra.nats_url,
        event_prefix=prefix,
        event_max_deliver=3,
        event_backoff_seconds=[0.2, 0.5],
        event_ack_wait=2.0,
        log_json=False,
    )
    stop = asyncio.Event()
    worker = asyncio.create_task(run_worker(settings, INDICATOREN_EVENTS, INDICATOREN_SUBSCRIPTIONS, stop=stop))
    nc = await nats.connect(infra.nats_url)
    js = nc.jetstream()
    tenant, events = "GM0193", []
    try:

        async def consuming() -> bool:
            try:
                return bool(await js.consumer_info(stream_name(prefix, "sporen"), "indicatoren-sporen"))
            except Exception:
                return False

        await eventually(consuming, timeout=20)
        server.stop()  # the database goes away …
        for nummer in range(1, 21):  # … while these events arrive and are fetched
            data = SpoorAangemaakt(spoorId=uuid.uuid4(), nummer=nummer, naam=f"s{nummer}", status="actief", versie=1)
            envelope = EventEnvelope.wrap(data, tenant=tenant, subject=str(data.spoorId))
            events.append(envelope)
            subject = data.event_name.subject(prefix, envelope.tenant)
            await js.publish(subject, envelope.model_dump_json().encode(), headers={"Nats-Msg-Id": str(envelope.id)})
        await asyncio.sleep(8)  # longer than the whole schedule (0.2 s + 0.5 s, three attempts) and 3 × ack_wait
        server.start()

        async def applied() -> bool:
            count = await _count(url, "SELECT count(*) FROM indicatoren.spoor_referentie WHERE tenant = $1", tenant)
            return count == len(events)

        await eventually(applied, timeout=40)
        inbox = await _count(url, "SELECT count(*) FROM indicatoren.inbox WHERE consumer = 'indicatoren-sporen'")
        assert inbox == len(events), "each applied once"
        once = await _count(url, "SELECT count(*) FROM indicatoren.spoor_referentie WHERE events_applied = 1")
        assert once == len(events)
        try:
            dead = (await js.stream_info(stream_name(prefix, "dlq"))).state.messages
        except Exception:
            dead = 0
        assert dead == 0, "nothing that was only waiting was dead-lettered"
    finally:
        stop.set()
        await asyncio.wait_for(worker, 20)
        await nc.close()
        await remove_streams(infra.nats_url, prefix)
        if not (server.data_dir / "postmaster.pid").exists():
            await asyncio.to_thread(server.start)


async def test_postgres_killed_during_writes_answers_2xx_durably_or_503(
    private_postgres: tuple[EmbeddedPostgres, str], infra: Infrastructure, tmp_root: Path
) -> None:
    server, url = private_postgres
    ports = Ports.free()
    env = platform_env(
        database_url_=url,
        nats_url=infra.nats_url,
        ports=ports,
        event_prefix=f"kill{uuid.uuid4().hex[:8]}",
        auth_secret=uuid.uuid4().hex * 2,
    )
    group = ProcessGroup(env, ports, log_dir=tmp_root / "faults-logs")
    answers: list[tuple[str, int, dict | None]] = []
    try:
        group.start_api("sporen")
        group.start_gateway()
        group.wait_ready(30)
        token = token_for(env, gemeente="GM0193", rol="beheerder")
        async with httpx.AsyncClient(
            base_url=f"http://127.0.0.1:{ports.gateway}/api/v1/sporen",
            headers={"Authorization": f"Bearer {token}"},
            timeout=15,
        ) as client:

            async def write(i: int) -> None:
                naam = f"opgave {i} {uuid.uuid4().hex[:6]}"
                response = await client.post("/opgaven", json={"jaar": 2030, "naam": naam})
                body = response.json() if response.headers.get("content-type", "").startswith(PROBLEM) else None
                answers.append(
                    (
                        naam,
                        response.status_code,
                        body | {"retry": response.headers.get("Retry-After")} if body else None,
                    )
                )

            for i in range(40):
                await write(i)
            killed = asyncio.to_thread(server.stop, "immediate")
            await asyncio.gather(killed, *(write(i) for i in range(40, 60)))
            for i in range(60, 80):
                await write(i)
            await asyncio.to_thread(server.start)
            await asyncio.sleep(1)
            for i in range(80, 120):
                await write(i)
    finally:
        group.stop()
        if not (server.data_dir / "postmaster.pid").exists():
            server.start()
    statuses = {status for _, status, _ in answers}
    assert statuses <= {201, 503}, f"only saved or refused: {sorted(statuses)}"
    assert 503 in statuses and 201 in statuses
    for _, status, problem in answers:
        if status == 503:
            assert problem is not None and problem["retry"] and problem["code"], problem
    stored = await _stored(url)
    saved = [naam for naam, status, _ in answers if status == 201]
    refused = [naam for naam, status, p in answers if status == 503 and p and p["code"] != "opslaan_onzeker"]
    assert set(saved) <= stored, "every acknowledged write is durable"
    assert not (set(refused) & stored), "what was answered 'nothing saved' was not saved"
    assert sum(1 for _, s, _ in answers[80:]) and all(s == 201 for _, s, _ in answers[85:]), "recovered"
    # The logs tell the truth (issue 29): no 503 is logged as a 500, and no traceback for a database that is away.
    log = "".join(
        f.read_text(encoding="utf-8", errors="replace") for f in (tmp_root / "faults-logs").glob("sporen-api*")
    )
    access = [json.loads(line) for line in log.splitlines() if line.startswith("{") and '"event": "request"' in line
              or line.startswith("{") and '"event":"request"' in line]  # fmt: skip
    assert access, "the access log has the requests"
    assert not [a for a in access if a.get("status") == 500], "no 500 in the access log"
    assert sum(1 for a in access if a.get("status") == 503) >= sum(1 for _, s, _ in answers if s == 503)
    assert "Traceback" not in log and "Exception in ASGI application" not in log


async def _stored(url: str) -> set[str]:
    conn = await asyncpg.connect(plain_database_url(url))
    try:
        return {r["naam"] for r in await conn.fetch("SELECT naam FROM sporen.opgave")}
    finally:
        await conn.close()


#: Closes every connection of a service's processes (its API and workers): bind `stuurcyclus-<service>%`.
TERMINATE = (
    "SELECT count(pg_terminate_backend(pid)) FROM pg_stat_activity "
    "WHERE application_name LIKE $1 AND datname = current_database()"
)


async def test_a_consumer_whose_connections_the_server_closed_applies_the_next_events(
    platform: RunningPlatform,
) -> None:
    """PostgreSQL closes every connection of the indicatoren service (its API processes and workers: a restart, a
    failover): the next changes of a track still reach its read model. A consumer meets closed connections as the
    database being away (it waits and retries on fresh ones), never as the event's failure (dead-lettered, lost)."""
    async with httpx.AsyncClient(
        base_url=f"{platform.gateway}/api/v1", headers=auth_headers(platform, unique_tenant()), timeout=15
    ) as api:
        spoor = (await api.post("/sporen/sporen", json={"nummer": 4, "naam": "Voor het sluiten"})).json()

        async def known_as(naam: str) -> bool:
            rows = (await api.get("/indicatoren/sporen")).json().get("results", [])
            return any(r["spoorId"] == spoor["id"] and r["naam"] == naam for r in rows)

        await eventually(lambda: known_as("Voor het sluiten"))
        assert await _count(platform.database_url, TERMINATE, "stuurcyclus-indicatoren%") >= 2, (
            "its workers' connections closed"
        )
        for versie, naam in ((1, "Na het sluiten"), (2, "En nog eens")):
            changed = await api.patch(f"/sporen/sporen/{spoor['id']}", json={"naam": naam, "versie": versie})
            assert changed.status_code == 200, changed.text
        await eventually(lambda: known_as("En nog eens"), timeout=20)


async def test_connections_the_server_closed_are_renewed_on_use_not_pinged(platform: RunningPlatform) -> None:
    """No ping per checkout: when PostgreSQL closes every pooled connection (a restart, a failover, an idle
    timeout), the next read still answers 200 (the pool is renewed and the read run once more) and a write answers
    201, or 503 with Retry-After and nothing saved — never a 500."""
    async with httpx.AsyncClient(
        base_url=f"{platform.gateway}/api/v1/sporen", headers=auth_headers(platform, unique_tenant()), timeout=15
    ) as client:
        # Both pools of the API: the ORM's (a thing's history) and the prepared hot reads' (the list).
        orm_read = "/ambities"
        for _ in range(8):  # several pooled connections in use
            await asyncio.gather(*(client.get(path) for path in ("/sporen", orm_read) * 2))
        terminated = await _count(platform.database_url, TERMINATE, "stuurcyclus-sporen%")
        assert terminated > 1, "the sporen API's pooled connections (both pools) were closed by the server"
        reads = await asyncio.gather(*(client.get(path) for path in ("/sporen", orm_read) * 2))
        assert [r.status_code for r in reads] == [200] * 4, [r.text[:200] for r in reads]
        logs = sorted(platform.group.log_dir.glob("sporen-api*.log"))  # every replica of the sporen API
        log = "".join(f.read_text(encoding="utf-8", errors="replace") for f in logs)
        assert "read_retried_on_a_closed_connection" in log, "the read met a closed connection and was run again"
        terminated = await _count(platform.database_url, TERMINATE, "stuurcyclus-sporen%")
        # Each API process meets its closed connections once (a write is not run again: 503, nothing saved); the
        # gateway takes turns over the replicas, so the first write of each may be refused before one is saved.
        for _ in range(len(platform.ports.replicas["sporen"]) + 1):
            write = await client.post("/sporen", json={"nummer": 1, "naam": "Na het sluiten"})
            assert write.status_code in (201, 503), write.text
            if write.status_code == 201:
                break
            assert write.headers["Retry-After"] and write.json()["code"]
        assert write.status_code == 201, write.text
        assert (await client.get("/sporen")).json()["count"] == 1, "saved once"
