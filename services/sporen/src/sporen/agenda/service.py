"""Rules of the agenda's movements, ambitions, attention groups and tasks."""

from __future__ import annotations

import uuid

from sqlalchemy.ext.asyncio import AsyncSession
from stuurcyclus_common.contracts import sporen as events
from stuurcyclus_common.errors import InvalidInput
from stuurcyclus_common.gemeenten import area_belongs_to

from ..models import Aandachtsgroep, Ambitie, Beweging, Opgave
from ..shared.service import record_created, record_update, refuse_duplicate, state_of
from .schemas import (
    AandachtsgroepCreate,
    AandachtsgroepRead,
    AmbitieCreate,
    AmbitieRead,
    AmbitieUpdate,
    BewegingCreate,
    BewegingRead,
    BewegingUpdate,
    OpgaveCreate,
    OpgaveRead,
)


async def create_beweging(session: AsyncSession, tenant: str, data: BewegingCreate) -> Beweging:
    await refuse_duplicate(session, Beweging, tenant, f"code {data.code}", code=data.code)
    beweging = Beweging(id=uuid.uuid4(), tenant=tenant, versie=1, **data.model_dump(mode="json"))
    event = events.BewegingAangemaakt(bewegingId=beweging.id, code=beweging.code, naam=beweging.naam, versie=1)
    return await record_created(session, beweging, state_of(BewegingRead), event)


async def update_beweging(
    session: AsyncSession, tenant: str, object_id: uuid.UUID, *, data: BewegingUpdate, if_match: int | None
) -> Beweging:
    return await record_update(
        session,
        Beweging,
        tenant,
        object_id,
        data,
        if_match,
        BewegingRead,
        lambda b: events.BewegingGewijzigd(bewegingId=b.id, code=b.code, naam=b.naam, versie=b.versie),
    )


async def create_ambitie(session: AsyncSession, tenant: str, data: AmbitieCreate) -> Ambitie:
    await refuse_duplicate(session, Ambitie, tenant, f"number {data.nummer}", nummer=data.nummer)
    ambitie = Ambitie(id=uuid.uuid4(), tenant=tenant, versie=1, **data.model_dump(mode="json"))
    event = events.AmbitieAangemaakt(ambitieId=ambitie.id, nummer=ambitie.nummer, naam=ambitie.naam, versie=1)
    return await record_created(session, ambitie, state_of(AmbitieRead), event)


async def update_ambitie(
    session: AsyncSession, tenant: str, object_id: uuid.UUID, *, data: AmbitieUpdate, if_match: int | None
) -> Ambitie:
    return await record_update(
        session,
        Ambitie,
        tenant,
        object_id,
        data,
        if_match,
        AmbitieRead,
        lambda a: events.AmbitieGewijzigd(ambitieId=a.id, nummer=a.nummer, naam=a.naam, versie=a.versie),
    )


async def create_aandachtsgroep(session: AsyncSession, tenant: str, data: AandachtsgroepCreate) -> Aandachtsgroep:
    await refuse_duplicate(session, Aandachtsgroep, tenant, f"name {data.naam!r}", naam=data.naam)
    groep = Aandachtsgroep(id=uuid.uuid4(), tenant=tenant, versie=1, **data.model_dump(mode="json"))
    event = events.AandachtsgroepAangemaakt(aandachtsgroepId=groep.id, naam=groep.naam, versie=1)
    return await record_created(session, groep, state_of(AandachtsgroepRead), event)


async def create_opgave(session: AsyncSession, tenant: str, data: OpgaveCreate) -> Opgave:
    for i, gebied in enumerate(data.gebieden):
        if not area_belongs_to(gebied, tenant):
            raise InvalidInput.field(f"gebieden.{i}", f"{gebied} is not {tenant} or one of its wijken or buurten")
    await refuse_duplicate(
        session, Opgave, tenant, f"name {data.naam!r} in {data.jaar}", jaar=data.jaar, naam=data.naam
    )
    opgave = Opgave(id=uuid.uuid4(), tenant=tenant, versie=1, **data.model_dump(mode="json"))
    event = events.OpgaveAangemaakt(
        opgaveId=opgave.id, jaar=opgave.jaar, naam=opgave.naam, soort=opgave.soort, versie=1
    )
    return await record_created(session, opgave, state_of(OpgaveRead), event)
