"""Event handlers of the indicatoren service: the read model of tracks, and partners' accountability reports.

The indicator values in a partner's accepted report (gesprekstafels) become measurements with the partner as
their provenance, by the same rules as any upload; the inbox makes a redelivered report count once.
"""

from __future__ import annotations

from sqlalchemy.ext.asyncio import AsyncSession
from stuurcyclus_common.contracts.gesprekstafels import VerantwoordingIngediend
from stuurcyclus_common.db import table_of
from stuurcyclus_common.events import EventEnvelope, Subscription
from stuurcyclus_common.readmodel import spoor_handlers

from .metingen import ingest
from .metingen.schemas import MetingCreate
from .models import SpoorReferentie


async def on_report(session: AsyncSession, envelope: EventEnvelope) -> None:
    report = envelope.payload(VerantwoordingIngediend)
    rows = [
        MetingCreate(
            indicator=value.indicator,
            periode=value.periode,
            gebied=value.gebied,
            waarde=value.waarde,
            herkomst="partner",
            leverancier=report.partner,
        )
        for value in report.indicatorwaarden
    ]
    if rows:
        await ingest.record(session, envelope.tenant, rows, herkomst="partner", leverancier=report.partner)


SUBSCRIPTIONS = [
    Subscription(
        name="sporen",
        source_service="sporen",
        subjects=["sporen.spoor.>"],
        handlers=spoor_handlers(table_of(SpoorReferentie)),
    ),
    Subscription(
        name="gesprekstafels",
        source_service="gesprekstafels",
        subjects=["gesprekstafels.verantwoording.>"],
        handlers={VerantwoordingIngediend.event_name.type: on_report},
    ),
]
