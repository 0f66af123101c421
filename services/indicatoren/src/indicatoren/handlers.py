"""Event handlers of the indicatoren service: keep the read model of tracks in step with the sporen service."""

from __future__ import annotations

from sqlalchemy import case, func
from sqlalchemy.dialects.postgresql import insert
from sqlalchemy.ext.asyncio import AsyncSession
from stuurcyclus_common.contracts.sporen import SpoorAangemaakt, SpoorGewijzigd, SpoorSnapshot
from stuurcyclus_common.events import EventEnvelope, Subscription

from .models import SpoorReferentie

TRACKED = ("nummer", "naam", "status", "versie")


async def apply_spoor(session: AsyncSession, envelope: EventEnvelope) -> None:
    """Upsert the track; an older version arriving late never overwrites a newer one."""
    spoor = envelope.payload(SpoorSnapshot)
    table = SpoorReferentie.__table__
    stmt = insert(table).values(
        tenant=envelope.tenant,
        spoor_id=spoor.spoorId,
        nummer=spoor.nummer,
        naam=spoor.naam,
        status=spoor.status,
        versie=spoor.versie,
        events_applied=1,
    )
    incoming_is_newer = stmt.excluded.versie > table.c.versie
    changes = {col: case((incoming_is_newer, stmt.excluded[col]), else_=table.c[col]) for col in TRACKED}
    changes |= {"events_applied": table.c.events_applied + 1, "bijgewerkt_op": func.now()}
    await session.execute(stmt.on_conflict_do_update(index_elements=[table.c.spoor_id], set_=changes))


SUBSCRIPTIONS = [
    Subscription(
        name="sporen",
        source_service="sporen",
        subjects=["sporen.spoor.>"],
        handlers={
            SpoorAangemaakt.event_name.type: apply_spoor,
            SpoorGewijzigd.event_name.type: apply_spoor,
        },
    )
]
