"""notificaties consumes every service's events (one durable consumer per service) and queues what is owed."""

from __future__ import annotations

from sqlalchemy.ext.asyncio import AsyncSession
from stuurcyclus_common.db import Database
from stuurcyclus_common.events import ANY_TYPE, EventEnvelope, Subscription

from . import service
from .settings import get_settings

SOURCES = ("sporen", "indicatoren", "financien", "gesprekstafels")


class QueueOwed:
    """Queue what an event owes its municipality's subscriptions (`service.queue`). Most events are owed to no one:
    the consumer asks `concerns` first (one prepared read: a subscription of the municipality to the event's
    channel), and only an event that is owed costs a transaction (`events.SelectiveHandler`)."""

    async def __call__(self, session: AsyncSession, envelope: EventEnvelope) -> None:
        await service.queue(session, envelope, get_settings().public_base_url)

    async def concerns(self, database: Database, envelope: EventEnvelope) -> bool:
        return await service.may_be_owed(database, envelope)


SUBSCRIPTIONS = [
    Subscription(name=source, source_service=source, subjects=[f"{source}.>"], handlers={ANY_TYPE: QueueOwed()})
    for source in SOURCES
]
