"""Event handlers of the indicatoren service: the read model of tracks, and partners' accountability reports.

The indicator values in a partner's accepted report (gesprekstafels) become measurements with the partner as
their provenance, by the same rules as any upload; the inbox makes a redelivered report count once. Every report
is answered (`indicatoren.verantwoording.verwerkt` or `…geweigerd` with the reasons), so a refusal on the merits
reaches the partner instead of the dead-letter stream.
"""

from __future__ import annotations

from pydantic import ValidationError
from sqlalchemy.ext.asyncio import AsyncSession
from stuurcyclus_common import indicatorwaarden
from stuurcyclus_common.contracts.gesprekstafels import VerantwoordingIngediend
from stuurcyclus_common.contracts.indicatoren import VerantwoordingGeweigerd, VerantwoordingVerwerkt, Weigering
from stuurcyclus_common.db import table_of
from stuurcyclus_common.errors import Unprocessable
from stuurcyclus_common.events import EventEnvelope, Subscription, record_event
from stuurcyclus_common.readmodel import spoor_handlers

from .metingen import ingest
from .metingen.schemas import MetingCreate
from .models import EVENTS, SpoorReferentie


async def on_report(session: AsyncSession, envelope: EventEnvelope) -> None:
    """A report's values become measurements, or — refused on their merits — none of them does and the refusal goes
    back to the report as an event (never a dead letter: the partner would not hear of it)."""
    report = envelope.payload(VerantwoordingIngediend)
    answer = {
        "verantwoordingId": report.verantwoordingId,
        "aanvraagId": report.aanvraagId,
        "partner": report.partner,
        "versie": report.versie,
    }
    values = [v.model_dump() for v in report.indicatorwaarden]
    if not values:
        return
    refused = [
        Weigering(veld=p.name, reden=p.reason) for p in indicatorwaarden.refusals(values, gemeente=envelope.tenant)
    ]
    result = None
    if not refused:
        rows, refused = _measurements(report)
    if not refused:
        try:
            async with session.begin_nested():  # a refusal rolls back to here; the answer is still written
                result = await ingest.record(
                    session, envelope.tenant, rows, herkomst="partner", leverancier=report.partner
                )
        except Unprocessable as exc:
            refused = [Weigering(veld=_field_of(p.name), reden=p.reason) for p in exc.invalid_params or []]
            refused = refused or [Weigering(veld="indicatorwaarden", reden=exc.detail)]
    event: VerantwoordingGeweigerd | VerantwoordingVerwerkt
    if refused:
        event = VerantwoordingGeweigerd(**answer, weigeringen=refused)
    else:
        assert result is not None
        event = VerantwoordingVerwerkt(**answer, nieuw=result.nieuw, gecorrigeerd=result.gecorrigeerd)
    await record_event(session, EVENTS, event, tenant=envelope.tenant, subject=str(report.aanvraagId))


def _measurements(report: VerantwoordingIngediend) -> tuple[list[MetingCreate], list[Weigering]]:
    """The report's values as measurements, or the shapes a measurement cannot take (more than six decimals …)."""
    rows, refused = [], []
    for index, value in enumerate(report.indicatorwaarden):
        try:
            rows.append(
                MetingCreate.model_validate(
                    value.model_dump() | {"herkomst": "partner", "leverancier": report.partner}
                )  # a decimal string: the model parses it
            )
        except ValidationError as exc:
            refused += [
                Weigering(veld=f"indicatorwaarden[{index}].{e['loc'][0]}", reden=e["msg"]) for e in exc.errors()
            ]
    return rows, refused


def _field_of(name: str) -> str:
    """`line 3: gebied` (the ingest's words for its third row) → `indicatorwaarden[2].gebied` (the report's)."""
    line, _, veld = name.partition(": ")
    number = line.removeprefix("line ")
    return f"indicatorwaarden[{int(number) - 1}].{veld}" if number.isdigit() else name


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
