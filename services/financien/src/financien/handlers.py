"""Event handlers of the financien service: read models of tracks and ambitions, and the grant lifecycle's money.

A grant proposal (gesprekstafels) asks for a reservation under its ceiling, answered by event; a grant commits it;
a withdrawn or rejected application releases it, and so does a withdrawn grant; a settlement below the grant releases
the difference. The grant's payment ledger counts under its ceiling: what was paid out, and what is reclaimed.
"""

from __future__ import annotations

from sqlalchemy.ext.asyncio import AsyncSession
from stuurcyclus_common.contracts import gesprekstafels as cycle
from stuurcyclus_common.contracts.gesprekstafels import AanvraagBedragV1, AanvraagRefV1, Vaststelling
from stuurcyclus_common.db import table_of
from stuurcyclus_common.events import EventEnvelope, Subscription
from stuurcyclus_common.readmodel import ambitie_handlers, spoor_handlers

from .models import AmbitieReferentie, SpoorReferentie
from .plafonds import service as plafonds_service

# Each handler reads the fields that v1 and v2 of its event share (v2 adds the partner, which the money does not need).


async def on_proposed(session: AsyncSession, envelope: EventEnvelope) -> None:
    await plafonds_service.reserve(session, envelope.tenant, envelope.payload(AanvraagBedragV1))


async def on_granted(session: AsyncSession, envelope: EventEnvelope) -> None:
    await plafonds_service.close_reservation(
        session, envelope.tenant, envelope.payload(AanvraagRefV1).aanvraagId, "vastgelegd"
    )


async def on_released(session: AsyncSession, envelope: EventEnvelope) -> None:
    await plafonds_service.close_reservation(
        session, envelope.tenant, envelope.payload(AanvraagRefV1).aanvraagId, "vrijgegeven"
    )


async def on_payment(session: AsyncSession, envelope: EventEnvelope) -> None:
    """The ledger's money under the ceiling: a payout paid counts as paid; a reclaim decided (or cancelled) as
    reclaimed. Subscribed to the steps that move money only (gepland, betaald, geannuleerd; not falling due)."""
    step = envelope.payload(cycle.BetalingStand)
    status, reclaim = step.status, step.soort == cycle.BetalingSoort.TERUGVORDERING  # read from the payload
    betaald = step.bedragCent if status == cycle.BetalingStatus.BETAALD and not reclaim else 0
    reclaimed = 0
    if reclaim:
        signed = {cycle.BetalingStatus.GEPLAND: step.bedragCent, cycle.BetalingStatus.GEANNULEERD: -step.bedragCent}
        reclaimed = signed.get(status, 0)
    if betaald or reclaimed:
        await plafonds_service.book_payment(
            session, envelope.tenant, step.aanvraagId, betaald=betaald, reclaimed=reclaimed
        )


async def on_settled(session: AsyncSession, envelope: EventEnvelope) -> None:
    settlement = envelope.payload(Vaststelling)
    await plafonds_service.shrink_to_final(session, envelope.tenant, settlement.aanvraagId, settlement.vastgesteldCent)


SUBSCRIPTIONS = [
    Subscription(
        name="sporen",
        source_service="sporen",
        subjects=["sporen.spoor.>", "sporen.ambitie.>"],
        handlers=spoor_handlers(table_of(SpoorReferentie)) | ambitie_handlers(table_of(AmbitieReferentie)),
    ),
    Subscription(
        name="gesprekstafels",
        source_service="gesprekstafels",
        subjects=["gesprekstafels.toekenning.>", "gesprekstafels.aanvraag.>", "gesprekstafels.betaling.>"],
        handlers={
            contract.event_name.type: handler
            for handler, contracts in (
                (on_proposed, (cycle.ToekenningVoorgesteld, cycle.ToekenningVoorgesteldV1)),
                (on_granted, (cycle.ToekenningVerleend, cycle.ToekenningVerleendV1)),
                (on_settled, (cycle.ToekenningVastgesteld, cycle.ToekenningVastgesteldV1)),
                (on_released, (cycle.AanvraagIngetrokken, cycle.AanvraagIngetrokkenV1)),
                (on_released, (cycle.AanvraagAfgewezen, cycle.AanvraagAfgewezenV1)),
                (on_released, (cycle.ToekenningIngetrokken,)),
                (
                    on_payment,
                    (cycle.BetalingGepland, cycle.BetalingBetaald, cycle.BetalingGeannuleerd),
                ),
            )
            for contract in contracts
        },
    ),
]
