"""The municipality in every subject (`<prefix>.<service>.<gemeente>.<entity>.<action>`), and the way across.

- Over every consumer of every service: its filters name the new subjects, never overlap (JetStream refuses that),
  cover every event type it handles, and — while `EVENT_LEGACY_SUBJECTS` is on — the subjects from before the
  municipality was in them, so an event published before the upgrade is not lost.
- On a NATS server of this project's own version (the wheel's; the machine's may be older and ignore consumer
  filters): a durable consumer created by the old code (its old filter) is brought to the new filters by the new
  code, and applies once both an event published before the change (old subject) and one after (new subject); a
  consumer scoped to one municipality is handed only that municipality's events by NATS itself.
"""

from __future__ import annotations

import asyncio
import itertools
import uuid
from pathlib import Path

import nats
import pytest
from financien.handlers import SUBSCRIPTIONS as FINANCIEN
from gesprekstafels.handlers import SUBSCRIPTIONS as GESPREKSTAFELS
from indicatoren.handlers import SUBSCRIPTIONS as INDICATOREN
from indicatoren.models import EVENTS as INDICATOREN_EVENTS
from notificaties.handlers import SUBSCRIPTIONS as NOTIFICATIES
from sporen.handlers import SUBSCRIPTIONS as SPOREN
from sqlalchemy.ext.asyncio import AsyncSession
from stuurcyclus_common.contracts.sporen import SpoorAangemaakt
from stuurcyclus_common.db import Database
from stuurcyclus_common.events import ANY_TYPE, CATALOGUE, EventConsumer, EventEnvelope, Subscription
from stuurcyclus_common.events.consumer import subject_matches
from stuurcyclus_common.events.envelope import legacy_subject_for_type, subject_for_type
from stuurcyclus_common.events.streams import ensure_streams, legacy_events, stream_name
from stuurcyclus_common.settings import ServiceSettings
from stuurcyclus_local.embedded import EmbeddedNats, free_port

from .support import RunningPlatform, eventually

CONSUMERS = {
    "sporen": SPOREN,
    "indicatoren": INDICATOREN,
    "financien": FINANCIEN,
    "gesprekstafels": GESPREKSTAFELS,
    "notificaties": NOTIFICATIES,
}


def _consumer(service: str, subscription: Subscription, legacy: bool) -> EventConsumer:
    return EventConsumer(
        service=service,
        subscription=subscription,
        database=None,  # type: ignore[arg-type]  (only its filters are asked)
        tables=INDICATOREN_EVENTS,
        js=None,  # type: ignore[arg-type]
        prefix="stuurcyclus",
        legacy_subjects=legacy,
    )


def _overlap(a: str, b: str) -> bool:
    """Could one subject match both NATS patterns?"""
    ta, tb = a.split("."), b.split(".")
    for i in range(max(len(ta), len(tb))):
        x, y = (ta[i] if i < len(ta) else None), (tb[i] if i < len(tb) else None)
        if x == ">" or y == ">":
            return x is not None and y is not None
        if x is None or y is None:
            return False
        if x != y and "*" not in (x, y):
            return False
    return True


@pytest.mark.parametrize("legacy", [True, False])
def test_every_consumers_filters_name_the_municipality_cover_its_types_and_never_overlap(legacy: bool) -> None:
    for service, subscriptions in CONSUMERS.items():
        for subscription in subscriptions:
            consumer = _consumer(service, subscription, legacy)
            filters = consumer.filter_subjects()
            for a, b in itertools.combinations(filters, 2):
                assert not _overlap(a, b), f"{consumer.durable}: {a} overlaps {b}"
            handled = [t for t in subscription.handlers if t != ANY_TYPE] or [
                t for t in CATALOGUE if t.split(".")[2] == subscription.source_service
            ]
            for event_type in handled:
                new = subject_for_type(event_type, "stuurcyclus", "GM0193")
                assert any(subject_matches(f, new) for f in filters), f"{consumer.durable} misses {new}"
                old = legacy_subject_for_type(event_type, "stuurcyclus")
                assert any(subject_matches(f, old) for f in filters) is legacy, f"{consumer.durable}: {old}"
            assert any(subject_matches(f, consumer.replay_subject) for f in filters), "its dead letters come back"
        one = Subscription("x", subscriptions[0].source_service, ["sporen.spoor.>"], {}, gemeente="GM0193")
        assert _consumer(service, one, legacy).filter_subjects()[0] == "stuurcyclus.sporen.GM0193.spoor.*"


async def test_no_event_is_lost_across_the_change_and_a_scoped_consumer_gets_its_municipality_only(
    platform: RunningPlatform, tmp_root: Path
) -> None:
    server = EmbeddedNats(tmp_root / f"nats-subjects-{uuid.uuid4().hex[:6]}", free_port())
    server.start()
    prefix = f"sub{uuid.uuid4().hex[:8]}"
    settings = ServiceSettings.for_service(
        "indicatoren", database_url=platform.database_url, nats_url=server.url, event_prefix=prefix
    )
    database = Database(settings, pool_size=2)
    nc = await nats.connect(server.url)
    js = nc.jetstream()
    stop = asyncio.Event()
    applied: dict[str, list[str]] = {"alle": [], "zwolle": []}

    def recorder(name: str):  # noqa: ANN202
        async def handle(session: AsyncSession, envelope: EventEnvelope) -> None:
            applied[name].append(envelope.data["naam"])

        return handle

    def consumer(name: str, gemeente: str | None) -> EventConsumer:
        subscription = Subscription(
            name=f"{name}{prefix}",
            source_service="sporen",
            subjects=["sporen.spoor.>"],
            handlers={SpoorAangemaakt.event_name.type: recorder(name)},
            gemeente=gemeente,
        )
        return EventConsumer(
            service="indicatoren",
            subscription=subscription,
            database=database,
            tables=INDICATOREN_EVENTS,
            js=js,
            prefix=prefix,
            ack_wait=2,
        )

    async def publish(naam: str, tenant: str, legacy: bool) -> None:
        data = SpoorAangemaakt(spoorId=uuid.uuid4(), nummer=1, naam=naam, status="actief", versie=1)
        envelope = EventEnvelope.wrap(data, tenant=tenant)
        subject = (
            legacy_subject_for_type(envelope.type, prefix)
            if legacy
            else subject_for_type(envelope.type, prefix, tenant)
        )
        await js.publish(subject, envelope.model_dump_json().encode(), headers={"Nats-Msg-Id": str(envelope.id)})

    tasks: list[asyncio.Task] = []
    try:
        await ensure_streams(js, prefix, ["sporen"])
        alle, zwolle = consumer("alle", None), consumer("zwolle", "GM0193")
        # Before the upgrade: the durable consumer as the old code made it (one filter, the old subjects) …
        old_config = alle.consumer_config()
        old_config.filter_subjects = None
        old_config.filter_subject = f"{prefix}.sporen.spoor.>"
        await js.add_consumer(stream_name(prefix, "sporen"), old_config)
        # … and events an old relay published, not yet consumed.
        await publish("oud Zwolle", "GM0193", legacy=True)
        await publish("oud Amsterdam", "GM0363", legacy=True)
        assert await legacy_events(js, prefix, "sporen") == 2
        # The new code starts: create-or-update brings the durable consumer to the new filters.
        tasks = [asyncio.create_task(alle.run(stop)), asyncio.create_task(zwolle.run(stop))]
        await publish("nieuw Zwolle", "GM0193", legacy=False)
        await publish("nieuw Amsterdam", "GM0363", legacy=False)

        async def all_there() -> bool:
            return len(applied["alle"]) >= 4 and len(applied["zwolle"]) >= 2

        await eventually(all_there, timeout=20)
        await asyncio.sleep(0.5)  # nothing more comes
        assert sorted(applied["alle"]) == ["nieuw Amsterdam", "nieuw Zwolle", "oud Amsterdam", "oud Zwolle"]
        assert sorted(applied["zwolle"]) == ["nieuw Zwolle", "oud Zwolle"]
        info = await js.consumer_info(stream_name(prefix, "sporen"), zwolle.durable)
        assert f"{prefix}.sporen.GM0193.spoor.*" in (info.config.filter_subjects or []), "NATS filters by municipality"
        upgraded = await js.consumer_info(stream_name(prefix, "sporen"), alle.durable)
        assert set(upgraded.config.filter_subjects or []) >= {
            f"{prefix}.sporen.*.spoor.*",
            f"{prefix}.sporen.spoor.*",
        }, "the old durable consumer now listens to both"
    finally:
        stop.set()
        await asyncio.gather(*tasks, return_exceptions=True)
        await nc.close()
        await database.dispose()
        server.stop()
