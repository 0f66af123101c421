"""Loads Zwolle's indicator set (Bijlage 1, `seed_zwolle.py`). Idempotent: an indicator whose code exists is left
as it is, so loading twice gives the same state."""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession
from stuurcyclus_common.db import Database

from .definities import service as definities_service
from .definities.schemas import IndicatorCreate
from .models import Indicator
from .seed_zwolle import indicators

ZWOLLE = "GM0193"


async def seed(database: Database) -> str:
    async with database.session_scope() as session:
        added = await seed_tenant(session, ZWOLLE)
    return f"{added} Zwolle indicators added" if added else "Zwolle's indicators already loaded (0 records added)"


async def seed_tenant(session: AsyncSession, tenant: str) -> int:
    """Zwolle's indicator set under `tenant`'s code; returns how many indicators it added."""
    added: list[Indicator] = []
    changed: list[Indicator] = []
    existing = {i.code: i for i in await session.scalars(select(Indicator).where(Indicator.tenant == tenant))}
    for data in indicators():
        current = existing.get(data["code"])
        if current is None:
            added.append(await definities_service.create_indicator(session, tenant, IndicatorCreate(**data)))
        elif current.eenheid is None and data.get("eenheid"):  # seeded before units were read from the source
            current.eenheid, current.versie = data["eenheid"], current.versie + 1
            changed.append(current)
    await definities_service.announce_definitions(session, tenant, added + changed)
    return len(added)
