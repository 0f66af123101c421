"""A read model's event is applied in one statement (the inbox row and the upsert together, committed on their own)
exactly as the transaction of four did: once per event, a redelivered event not again, an older version arriving
late never over a newer one, the events applied counted — the same rows both ways, over one sequence of events with
every such case; and an event the statement refuses (a name longer than the column) leaves no inbox row behind."""

from __future__ import annotations

import uuid
from collections.abc import AsyncIterator
from typing import Any

import pytest
from indicatoren.handlers import SUBSCRIPTIONS
from indicatoren.models import EVENTS
from indicatoren.settings import IndicatorenSettings
from sqlalchemy import text
from stuurcyclus_common.contracts.sporen import SpoorAangemaakt, SpoorGewijzigd
from stuurcyclus_common.db import Database
from stuurcyclus_common.events import EventConsumer, EventEnvelope
from stuurcyclus_common.events.consumer import OneStatementHandler

from .support import RunningPlatform, unique_tenant


@pytest.fixture
async def database(platform: RunningPlatform) -> AsyncIterator[Database]:
    db = Database(IndicatorenSettings(service="indicatoren", database_url=platform.database_url), pool_size=2)
    yield db
    await db.dispose()


def _consumer(database: Database, name: str) -> EventConsumer:
    (subscription,) = [s for s in SUBSCRIPTIONS if s.name == "sporen"]
    return EventConsumer(
        service=f"test-{name}",
        subscription=subscription,
        database=database,
        tables=EVENTS,
        js=None,  # type: ignore[arg-type]  # _apply talks to PostgreSQL only
        prefix="test",
    )


def _event(kind: type, tenant: str, spoor_id: uuid.UUID, versie: int, naam: str) -> EventEnvelope:
    data = kind(spoorId=spoor_id, nummer=3, naam=naam, status="actief", versie=versie)
    return EventEnvelope.wrap(data, tenant=tenant, subject=str(spoor_id))


async def _rows(database: Database, tenant: str) -> list[tuple[Any, ...]]:
    async with database.session_scope() as session:
        rows = await session.execute(
            text(
                "SELECT spoor_id, nummer, naam, status, versie, events_applied FROM indicatoren.spoor_referentie"
                " WHERE tenant = :t ORDER BY spoor_id"
            ),
            {"t": tenant},
        )
        return [tuple(r) for r in rows]


async def test_one_statement_applies_events_as_the_transaction_did(database: Database, monkeypatch) -> None:
    def events(tenant: str) -> list[EventEnvelope]:
        first, second = uuid.uuid4(), uuid.uuid4()
        return [
            _event(SpoorAangemaakt, tenant, first, 1, "Wonen"),
            _event(SpoorGewijzigd, tenant, first, 3, "Wonen en zorg"),
            _event(SpoorGewijzigd, tenant, first, 2, "Wonen, later bezorgd"),  # older, arriving late: not over v3
            _event(SpoorAangemaakt, tenant, second, 1, "Werk"),
        ]

    outcomes = {}
    for way in ("one statement", "transaction"):
        tenant = unique_tenant()
        consumer = _consumer(database, way.replace(" ", "-"))
        handler = consumer.subscription.handlers[SpoorAangemaakt.event_name.type]
        assert isinstance(handler, OneStatementHandler), "a read model's handler is applied in one statement"
        if way == "transaction":  # the handler as a plain one: inbox row and upsert in a transaction of their own
            monkeypatch.setattr("stuurcyclus_common.events.consumer.OneStatementHandler", type("Never", (), {}))
        sent = events(tenant)
        applied = [await consumer._apply(e) for e in [*sent, sent[0], sent[1]]]  # the last two delivered again
        inbox = await _inbox(database, consumer.durable)
        outcomes[way] = (applied, await _rows(database, tenant), inbox == {e.id for e in sent})
        monkeypatch.undo()
    assert outcomes["one statement"][0] == [True, True, True, True, False, False]
    assert outcomes["one statement"][0] == outcomes["transaction"][0]
    assert sorted(r[1:] for r in outcomes["one statement"][1]) == sorted(r[1:] for r in outcomes["transaction"][1])
    assert sorted(r[2:] for r in outcomes["one statement"][1]) == [
        ("Werk", "actief", 1, 1),
        ("Wonen en zorg", "actief", 3, 3),
    ]
    assert outcomes["one statement"][2] and outcomes["transaction"][2], "one inbox row per event"


async def test_an_event_the_statement_refuses_leaves_no_inbox_row(database: Database) -> None:
    consumer = _consumer(database, "refused")
    tenant = unique_tenant()
    event = _event(SpoorAangemaakt, tenant, uuid.uuid4(), 1, "x" * 201)  # longer than the read model's column
    with pytest.raises(Exception, match="too long"):
        await consumer._apply(event)
    assert event.id not in await _inbox(database, consumer.durable), "retried later, not counted as applied"
    assert await _rows(database, tenant) == []


async def _inbox(database: Database, consumer: str) -> set[uuid.UUID]:
    async with database.session_scope() as session:
        rows = await session.execute(
            text("SELECT event_id FROM indicatoren.inbox WHERE consumer = :c"), {"c": consumer}
        )
        return {r[0] for r in rows}


async def test_an_event_without_a_handler_is_passed_by_without_the_database(database: Database) -> None:
    """A type the subscription has no handler for (a consumer's filter on an older NATS server lets every subject
    through) is acknowledged as ignored without a transaction: there is nothing to apply, so nothing to remember."""
    consumer = _consumer(database, "ignored")
    event = _event(SpoorAangemaakt, unique_tenant(), uuid.uuid4(), 1, "Wonen")
    unknown = event.model_copy(update={"type": "nl.stuurcyclus.sporen.spoor.onbekend.v1"})
    consumer.database = None  # type: ignore[assignment]  # any use of the database would fail
    assert await consumer._apply(unknown) is False
    consumer.database = database
    assert event.id not in await _inbox(database, consumer.durable)
