"""Rules of the uitklapmodel: interventions of a track and their agreed results."""

from __future__ import annotations

import uuid

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession
from stuurcyclus_common.contracts import sporen as events
from stuurcyclus_common.versioning import get_or_raise

from ..models import Interventie, Resultaatafspraak, Spoor
from ..shared.service import record_created, record_update, state_of
from .schemas import (
    InterventieCreate,
    InterventieRead,
    InterventieUpdate,
    ResultaatafspraakCreate,
    ResultaatafspraakRead,
    ResultaatafspraakUpdate,
)


async def list_interventies(session: AsyncSession, spoor: Spoor) -> list[Interventie]:
    return list(
        await session.scalars(select(Interventie).where(Interventie.spoor_id == spoor.id).order_by(Interventie.naam))
    )


async def create_interventie(
    session: AsyncSession, tenant: str, spoor_id: uuid.UUID, data: InterventieCreate
) -> Interventie:
    spoor = await get_or_raise(session, Spoor, tenant, spoor_id)
    interventie = Interventie(
        id=uuid.uuid4(), tenant=tenant, versie=1, spoor_id=spoor.id, **data.model_dump(mode="json")
    )
    event = events.InterventieAangemaakt(
        interventieId=interventie.id, spoorId=spoor.id, naam=interventie.naam, versie=1
    )
    return await record_created(session, interventie, state_of(InterventieRead), event)


async def update_interventie(
    session: AsyncSession, tenant: str, object_id: uuid.UUID, *, data: InterventieUpdate, if_match: int | None
) -> Interventie:
    return await record_update(
        session,
        Interventie,
        tenant,
        object_id,
        data,
        if_match,
        InterventieRead,
        lambda i: events.InterventieGewijzigd(interventieId=i.id, spoorId=i.spoor_id, naam=i.naam, versie=i.versie),
    )


async def list_resultaatafspraken(
    session: AsyncSession, tenant: str, interventie_id: uuid.UUID
) -> list[Resultaatafspraak]:
    interventie = await get_or_raise(session, Interventie, tenant, interventie_id)
    query = select(Resultaatafspraak).where(Resultaatafspraak.interventie_id == interventie.id)
    return list(await session.scalars(query.order_by(Resultaatafspraak.partner)))


async def create_resultaatafspraak(
    session: AsyncSession, tenant: str, interventie_id: uuid.UUID, data: ResultaatafspraakCreate
) -> Resultaatafspraak:
    interventie = await get_or_raise(session, Interventie, tenant, interventie_id)
    afspraak = Resultaatafspraak(
        id=uuid.uuid4(), tenant=tenant, versie=1, interventie_id=interventie.id, **data.model_dump(mode="json")
    )
    event = events.ResultaatafspraakAangemaakt(
        resultaatafspraakId=afspraak.id,
        interventieId=interventie.id,
        spoorId=interventie.spoor_id,
        partner=afspraak.partner,
        versie=1,
    )
    return await record_created(session, afspraak, state_of(ResultaatafspraakRead), event)


async def update_resultaatafspraak(
    session: AsyncSession,
    tenant: str,
    object_id: uuid.UUID,
    *,
    data: ResultaatafspraakUpdate,
    if_match: int | None,
) -> Resultaatafspraak:
    interventie_id = select(Resultaatafspraak.interventie_id).where(Resultaatafspraak.id == object_id)
    spoor_id = await session.scalar(
        select(Interventie.spoor_id).where(Interventie.id == interventie_id.scalar_subquery())
    )
    return await record_update(
        session,
        Resultaatafspraak,
        tenant,
        object_id,
        data,
        if_match,
        ResultaatafspraakRead,
        lambda a: events.ResultaatafspraakGewijzigd(
            resultaatafspraakId=a.id,
            interventieId=a.interventie_id,
            spoorId=spoor_id,
            partner=a.partner,
            versie=a.versie,
        ),
    )
