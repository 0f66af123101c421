"""What the sub-domains' rules share: an indicator by its code in this municipality."""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession
from stuurcyclus_common.errors import NotFound

from ..models import Indicator


async def get_indicator(session: AsyncSession, tenant: str, code: str) -> Indicator:
    indicator = await session.scalar(select(Indicator).where(Indicator.tenant == tenant, Indicator.code == code))
    if indicator is None:
        raise NotFound(f"Indicator {code!r} does not exist in {tenant}.")
    return indicator
