"""Rules of a track's progress per half year."""

from __future__ import annotations

import uuid

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession
from stuurcyclus_common.contracts import sporen as events
from stuurcyclus_common.errors import Conflict
from stuurcyclus_common.versioning import get_or_raise

from ..models import Spoor, Voortgang
from ..shared.service import record_created, record_update, state_of
from .schemas import VoortgangCreate, VoortgangRead, VoortgangUpdate


async def list_voortgang(session: AsyncSession, spoor: Spoor) -> list[Voortgang]:
    return list(
        await session.scalars(select(Voortgang).where(Voortgang.spoor_id == spoor.id).order_by(Voortgang.periode))
    )


async def create_voortgang(session: AsyncSession, tenant: str, spoor_id: uuid.UUID, data: VoortgangCreate) -> Voortgang:
    spoor = await get_or_raise(session, Spoor, tenant, spoor_id)
    taken = await session.scalar(
        select(Voortgang.id).where(Voortgang.spoor_id == spoor.id, Voortgang.periode == data.periode)
    )
    if taken:
        raise Conflict(
            f"Progress of spoor {spoor.nummer} for {data.periode} exists; change it instead.", code="bestaat_al"
        )
    voortgang = Voortgang(id=uuid.uuid4(), tenant=tenant, versie=1, spoor_id=spoor.id, **data.model_dump(mode="json"))
    event = events.VoortgangVastgelegd(voortgangId=voortgang.id, spoorId=spoor.id, periode=voortgang.periode, versie=1)
    return await record_created(session, voortgang, state_of(VoortgangRead), event)


async def update_voortgang(
    session: AsyncSession, tenant: str, object_id: uuid.UUID, *, data: VoortgangUpdate, if_match: int | None
) -> Voortgang:
    return await record_update(
        session,
        Voortgang,
        tenant,
        object_id,
        data,
        if_match,
        VoortgangRead,
        lambda v: events.VoortgangGewijzigd(voortgangId=v.id, spoorId=v.spoor_id, periode=v.periode, versie=v.versie),
    )
