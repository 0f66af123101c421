"""Two of everything: the test platform runs two API processes and two workers per service (`conftest.REPLICAS`).

Every other test already runs on it (events applied once, the reservation saga within its ceiling, proposals first
come first served); these make the rest explicit: both replicas of an API serve, one may stop without a request
failing, two relays publish each outbox row once (JetStream reports none as already had), and two notificaties
workers deliver each event once per subscription.
"""

from __future__ import annotations

import asyncio
import json

import httpx
import pytest
from stuurcyclus_local import SERVICES
from stuurcyclus_local.embedded import free_port

from .conftest import REPLICAS
from .support import RunningPlatform, auth_headers, eventually, unique_tenant
from .test_notificaties import Receiver

pytestmark = pytest.mark.skipif(REPLICAS < 2, reason="the test platform runs one of each (STUURCYCLUS_TEST_REPLICAS)")


def _logs(platform: RunningPlatform, pattern: str) -> str:
    return "".join(f.read_text(errors="replace") for f in sorted(platform.group.log_dir.glob(pattern)))


async def test_two_of_each_process_run_and_both_apis_serve_and_one_may_stop(platform: RunningPlatform) -> None:
    running = {name for name, proc in platform.group.procs.items() if proc.poll() is None}
    for service in SERVICES:
        assert {f"{service}-api", f"{service}-api-2", f"{service}-worker", f"{service}-worker-2"} <= running
    tenant = unique_tenant()
    async with httpx.AsyncClient(base_url=platform.gateway, headers=auth_headers(platform, tenant)) as client:
        marks = [f"tweetal-{tenant}-{n}" for n in range(8)]
        for mark in marks:
            answer = await client.get("/api/v1/sporen/sporen", headers={"X-Correlation-ID": mark})
            assert answer.status_code == 200
        first, second = _logs(platform, "sporen-api.log"), _logs(platform, "sporen-api-2.log")
        assert any(m in first for m in marks) and any(m in second for m in marks), "the gateway takes turns"

        platform.group.kill("sporen-api-2")  # one replica gone, as a crash or a node drained
        try:
            answers = [await client.get("/api/v1/sporen/sporen") for _ in range(8)]
            assert [a.status_code for a in answers] == [200] * 8, "the other replica answers every request"
            written = await client.post("/api/v1/sporen/sporen", json={"nummer": 1, "naam": "Met één over"})
            assert written.status_code == 201, written.text
        finally:
            platform.group.start_api("sporen", replica=2)
            platform.group.wait_ready(60)


async def test_two_relays_publish_each_outbox_row_once(platform: RunningPlatform) -> None:
    tenant = unique_tenant()
    before = _logs(platform, "sporen-worker*.log").count("outbox_event_already_in_stream")
    async with httpx.AsyncClient(
        base_url=f"{platform.gateway}/api/v1", headers=auth_headers(platform, tenant), timeout=30
    ) as client:

        async def create(nummer: int) -> str:
            answer = await client.post("/sporen/sporen", json={"nummer": nummer, "naam": f"spoor {nummer}"})
            assert answer.status_code == 201, answer.text
            return answer.json()["id"]

        created = await asyncio.gather(*(create(n) for n in range(1, 61)))  # commits that wake both relays at once

        async def applied() -> bool:  # financien keeps a read model of tracks, each event counted as it is applied
            rows = (await client.get("/sporen/sporen", params={"pageSize": 100})).json()["results"]
            return len(rows) == 60

        await eventually(applied, timeout=30)
    await asyncio.sleep(1)
    assert len(set(created)) == 60
    after = _logs(platform, "sporen-worker*.log").count("outbox_event_already_in_stream")
    assert after == before, "no outbox row was published twice (JetStream reported none as already had)"


async def test_two_notificaties_workers_deliver_each_event_once_per_subscription(platform: RunningPlatform) -> None:
    tenant = unique_tenant()
    receivers = [Receiver(free_port()), Receiver(free_port())]
    for receiver in receivers:
        await receiver.up()
    headers = auth_headers(platform, tenant, "subsidieadministratie")
    try:
        async with httpx.AsyncClient(base_url=f"{platform.gateway}/api/v1", headers=headers, timeout=30) as api:
            for receiver in receivers:  # two subscriptions to the same channel: each gets every event once
                subscribed = await api.post(
                    "/notificaties/abonnementen",
                    json={"callbackUrl": receiver.url, "auth": "Bearer x", "kanalen": [{"naam": "sporen-spoor"}]},
                )
                assert subscribed.status_code == 201, subscribed.text
        async with httpx.AsyncClient(
            base_url=f"{platform.gateway}/api/v1", headers=auth_headers(platform, tenant), timeout=30
        ) as admin:
            for nummer in range(1, 31):
                made = await admin.post("/sporen/sporen", json={"nummer": nummer, "naam": f"spoor {nummer}"})
                assert made.status_code == 201

        async def all_delivered() -> bool:
            return all(len(r.received) >= 30 for r in receivers)

        await eventually(all_delivered, timeout=60)
        await asyncio.sleep(2)  # a second delivery would come now
        for receiver in receivers:
            keys = [d["headers"]["Idempotency-Key"] for d in receiver.received]
            objects = [json.loads(d["body"])["hoofdObject"] for d in receiver.received]
            assert len(keys) == 30 and len(set(keys)) == 30, "each event delivered once to this subscription"
            assert len(set(objects)) == 30
    finally:
        for receiver in receivers:
            await receiver.down()
