"""Helpers for the tests (fixtures live in conftest.py)."""

from __future__ import annotations

import asyncio
import subprocess
import sys
import uuid
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from dataclasses import dataclass

import nats
from nats.aio.client import Client as NATS
from nats.js import JetStreamContext
from stuurcyclus_common.contracts.sporen import SpoorAangemaakt
from stuurcyclus_common.db import Database
from stuurcyclus_common.events import EventEnvelope
from stuurcyclus_common.events.streams import ensure_streams
from stuurcyclus_common.gemeenten import gemeenten
from stuurcyclus_common.settings import ServiceSettings
from stuurcyclus_local.platform import RunningPlatform, remove_streams, token_for

__all__ = [
    "AMSTERDAM",
    "ZWOLLE",
    "all_results",
    "RunningPlatform",
    "auth_headers",
    "eventually",
    "fetched",
    "in_process_events",
    "seed",
    "unique_tenant",
]

ZWOLLE = "GM0193"
AMSTERDAM = "GM0363"
#: Real municipalities (a token's `gemeente` must be a current CBS code), Zwolle and Amsterdam kept for the tests
#: that name them.
_tenants = iter(sorted(set(gemeenten()) - {ZWOLLE, AMSTERDAM}))


def unique_tenant() -> str:
    """A municipality no other test uses (each a real CBS code), so tests never see each other's data."""
    return next(_tenants)


async def eventually(check, timeout: float = 10.0, interval: float = 0.05):  # noqa: ANN001, ANN201
    """Await `check()` until it returns a truthy value (returned), or fail after `timeout` seconds."""
    deadline = asyncio.get_running_loop().time() + timeout
    last = None
    while asyncio.get_running_loop().time() < deadline:
        last = await check()
        if last:
            return last
        await asyncio.sleep(interval)
    raise AssertionError(f"condition not met within {timeout}s (last value: {last!r})")


def auth_headers(
    platform: RunningPlatform, tenant: str = ZWOLLE, rol: str = "beheerder", organisatie: str | None = None
) -> dict[str, str]:
    """Headers of a caller of `tenant` in role `rol` (an administrator unless said): its token and municipality."""
    token = token_for(platform.env, gemeente=tenant, rol=rol, organisatie=organisatie)
    return {"Gemeente-Code": tenant, "Authorization": f"Bearer {token}"}


def seed(platform: RunningPlatform, service: str) -> str:
    """Load `service`'s seed data (Zwolle's) with its own command, as `make up` does; returns what it printed."""
    command = [sys.executable, "-m", f"{service}.manage", "seed"]
    result = subprocess.run(command, env=platform.env, capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stderr[-3000:]
    return result.stdout


async def fetched(sub, batch: int = 100, timeout: float = 1.0) -> list:  # noqa: ANN001  (a JetStream pull subscription)
    """The messages a pull subscription has now (none: an empty list — nats-py signals that with a timeout)."""
    try:
        return await sub.fetch(batch, timeout=timeout)
    except TimeoutError:  # nats.errors.TimeoutError is one too
        return []


async def all_results(client, url: str, **params) -> list:  # noqa: ANN001  (an httpx.AsyncClient)
    """Every item of a paged list answer (`{count, next, previous, results}`), following `next` to the end. A list
    that changed while it was paged (an event applied meanwhile: the count differs between pages) is paged again."""
    for _ in range(5):
        response = await client.get(url, params={"pageSize": 100, **params})
        assert response.status_code == 200, response.text
        page = response.json()
        items, counts = list(page["results"]), {page["count"]}
        while page["next"]:
            page = (await client.get(page["next"])).json()
            items += page["results"]
            counts.add(page["count"])
        if len(counts) == 1:
            assert len(items) == page["count"]
            return items
    raise AssertionError(f"{url} kept changing while it was paged")


def modules_named(package: str, name: str) -> list:
    """Every module of `package` called `name` (`reads`, `schemas`): one at the top, or one per sub-domain folder."""
    import importlib
    import pkgutil

    root = importlib.import_module(package)
    found = []
    for info in pkgutil.walk_packages(root.__path__, prefix=f"{package}."):
        if info.name.rsplit(".", 1)[-1] == name and ".migrations" not in info.name:
            found.append(importlib.import_module(info.name))
    return found


@dataclass
class InProcessEvents:
    """A consumer's surroundings in the test process: indicatoren's database and the real NATS, on a stream prefix
    of its own (sporen's stream there)."""

    prefix: str
    database: Database
    nc: NATS
    js: JetStreamContext

    async def publish_track(self, naam: str = "x", tenant: str = ZWOLLE) -> EventEnvelope:
        """A new track's event, as sporen's relay publishes it."""
        data = SpoorAangemaakt(spoorId=uuid.uuid4(), nummer=1, naam=naam, status="actief", versie=1)
        envelope = EventEnvelope.wrap(data, tenant=tenant, subject=str(data.spoorId))
        subject = data.event_name.subject(self.prefix, tenant)
        await self.js.publish(subject, envelope.model_dump_json().encode(), headers={"Nats-Msg-Id": str(envelope.id)})
        return envelope


@asynccontextmanager
async def in_process_events(platform: RunningPlatform, stem: str) -> AsyncIterator[InProcessEvents]:
    """`InProcessEvents` on a prefix `stem` + a random suffix; its streams removed after."""
    prefix = f"{stem}{uuid.uuid4().hex[:8]}"
    url = platform.infra.nats_url
    settings = ServiceSettings.for_service(
        "indicatoren", database_url=platform.database_url, nats_url=url, event_prefix=prefix
    )
    database = Database(settings, pool_size=2)
    nc = await nats.connect(url)
    try:
        js = nc.jetstream()
        await ensure_streams(js, prefix, ["sporen"])
        yield InProcessEvents(prefix, database, nc, js)
    finally:
        await nc.close()
        await database.dispose()
        await remove_streams(url, prefix)
