"""Rules of a programme's measures: recorded once per code, changed as their phases move on, each change an event and
a state in the history."""

from __future__ import annotations

import uuid

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession
from stuurcyclus_common.contracts import sporen as events

from ..models import Maatregel
from ..shared.service import record_created, record_update, refuse_duplicate, state_of
from .schemas import MaatregelCreate, MaatregelRead, MaatregelUpdate


def _uitkomst(maatregel: Maatregel) -> str | None:
    return (maatregel.uitkomst or {}).get("soort")


async def list_maatregelen(session: AsyncSession, tenant: str, spoor: int | None = None) -> list[Maatregel]:
    rows = await session.scalars(select(Maatregel).where(Maatregel.tenant == tenant).order_by(Maatregel.code))
    return [m for m in rows if spoor is None or spoor in m.sporen]


async def create_maatregel(session: AsyncSession, tenant: str, data: MaatregelCreate) -> Maatregel:
    await refuse_duplicate(session, Maatregel, tenant, f"measure {data.code}", code=data.code)
    maatregel = Maatregel(id=uuid.uuid4(), tenant=tenant, versie=1, **data.model_dump(mode="json"))
    event = events.MaatregelVastgelegd(
        maatregelId=maatregel.id, code=maatregel.code, naam=maatregel.naam, uitkomst=_uitkomst(maatregel), versie=1
    )
    return await record_created(session, maatregel, state_of(MaatregelRead), event)


async def update_maatregel(
    session: AsyncSession, tenant: str, object_id: uuid.UUID, *, data: MaatregelUpdate, if_match: int | None
) -> Maatregel:
    return await record_update(
        session,
        Maatregel,
        tenant,
        object_id,
        data,
        if_match,
        MaatregelRead,
        lambda m: events.MaatregelGewijzigd(
            maatregelId=m.id, code=m.code, naam=m.naam, uitkomst=_uitkomst(m), versie=m.versie
        ),
    )
