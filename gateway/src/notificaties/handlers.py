"""notificaties consumes every service's events (one durable consumer per service) and queues what is owed."""

from __future__ import annotations

from sqlalchemy.ext.asyncio import AsyncSession
from stuurcyclus_common.events import ANY_TYPE, EventEnvelope, Subscription

from . import service
from .settings import get_settings

SOURCES = ("sporen", "indicatoren", "financien", "gesprekstafels")


async def on_any(session: AsyncSession, envelope: EventEnvelope) -> None:
    await service.queue(session, envelope, get_settings().public_base_url)


SUBSCRIPTIONS = [
    Subscription(name=source, source_service=source, subjects=[f"{source}.>"], handlers={ANY_TYPE: on_any})
    for source in SOURCES
]
