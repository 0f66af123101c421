"""Event handlers of the financien service: read models of tracks and ambitions, and the grant lifecycle's money.

A grant proposal (gesprekstafels) asks for a reservation under its ceiling, answered by event; a grant commits it;
a withdrawn or rejected application releases it; a settlement below the grant releases the difference.
"""

from __future__ import annotations

from sqlalchemy.ext.asyncio import AsyncSession
from stuurcyclus_common.contracts.gesprekstafels import (
    AanvraagAfgewezen,
    AanvraagIngetrokken,
    AanvraagRef,
    ToekenningVastgesteld,
    ToekenningVerleend,
    ToekenningVoorgesteld,
)
from stuurcyclus_common.events import EventEnvelope, Subscription
from stuurcyclus_common.readmodel import ambitie_handlers, spoor_handlers

from . import service
from .models import AmbitieReferentie, SpoorReferentie


async def on_proposed(session: AsyncSession, envelope: EventEnvelope) -> None:
    await service.reserve(session, envelope.tenant, envelope.payload(ToekenningVoorgesteld))


async def on_granted(session: AsyncSession, envelope: EventEnvelope) -> None:
    await service.settle(session, envelope.tenant, envelope.payload(AanvraagRef).aanvraagId, "vastgelegd")


async def on_released(session: AsyncSession, envelope: EventEnvelope) -> None:
    await service.settle(session, envelope.tenant, envelope.payload(AanvraagRef).aanvraagId, "vrijgegeven")


async def on_settled(session: AsyncSession, envelope: EventEnvelope) -> None:
    settlement = envelope.payload(ToekenningVastgesteld)
    await service.settle_final(session, envelope.tenant, settlement.aanvraagId, settlement.vastgesteldCent)


SUBSCRIPTIONS = [
    Subscription(
        name="sporen",
        source_service="sporen",
        subjects=["sporen.spoor.>", "sporen.ambitie.>"],
        handlers=spoor_handlers(SpoorReferentie.__table__) | ambitie_handlers(AmbitieReferentie.__table__),
    ),
    Subscription(
        name="gesprekstafels",
        source_service="gesprekstafels",
        subjects=["gesprekstafels.toekenning.>", "gesprekstafels.aanvraag.>"],
        handlers={
            ToekenningVoorgesteld.event_name.type: on_proposed,
            ToekenningVerleend.event_name.type: on_granted,
            ToekenningVastgesteld.event_name.type: on_settled,
            AanvraagIngetrokken.event_name.type: on_released,
            AanvraagAfgewezen.event_name.type: on_released,
        },
    ),
]
