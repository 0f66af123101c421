"""The tracks this service knows."""

from __future__ import annotations

import uuid

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession
from stuurcyclus_common.errors import NotFound

from ..models import SpoorReferentie


async def get_spoor_or_raise(*, session: AsyncSession, tenant: str, spoor_id: uuid.UUID) -> SpoorReferentie:
    spoor = await session.scalar(
        select(SpoorReferentie).where(SpoorReferentie.tenant == tenant, SpoorReferentie.spoor_id == spoor_id)
    )
    if spoor is None:
        raise NotFound(f"Spoor {spoor_id} is not known (yet) to indicatoren in {tenant}.")
    return spoor
