"""Rules of peer sets: named once per municipality, each peer a current CBS municipality."""

from __future__ import annotations

import uuid

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession
from stuurcyclus_common.errors import Conflict, InvalidParam, Unprocessable
from stuurcyclus_common.gemeenten import is_gemeente
from stuurcyclus_common.versioning import get_or_raise

from ..models import Vergelijkingsgroep
from .schemas import VergelijkingsgroepCreate


async def list_groepen(session: AsyncSession, tenant: str) -> list[Vergelijkingsgroep]:
    query = select(Vergelijkingsgroep).where(Vergelijkingsgroep.tenant == tenant)
    return list(await session.scalars(query.order_by(Vergelijkingsgroep.jaar, Vergelijkingsgroep.naam)))


async def get_groep(session: AsyncSession, tenant: str, groep_id: uuid.UUID) -> Vergelijkingsgroep:
    return await get_or_raise(session, Vergelijkingsgroep, tenant, groep_id)


async def create_groep(session: AsyncSession, tenant: str, data: VergelijkingsgroepCreate) -> Vergelijkingsgroep:
    unknown = [
        InvalidParam(name=f"gemeenten[{i}]", code="unknown", reason=f"{code} is not a current CBS municipality")
        for i, code in enumerate(data.gemeenten)
        if not is_gemeente(code)
    ]
    if unknown:
        raise Unprocessable("A peer is not a municipality.", code="onbekend", invalid_params=unknown)
    taken = await session.scalar(
        select(Vergelijkingsgroep.id).where(Vergelijkingsgroep.tenant == tenant, Vergelijkingsgroep.naam == data.naam)
    )
    if taken:
        raise Conflict(f"A peer set named {data.naam!r} exists already in {tenant}.", code="bestaat_al")
    groep = Vergelijkingsgroep(id=uuid.uuid4(), tenant=tenant, **data.model_dump())
    session.add(groep)
    await session.flush()
    return groep
