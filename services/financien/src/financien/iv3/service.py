"""Reading the imported Iv3 rows."""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from ..models import Iv3Bedrag


async def iv3_rows(session: AsyncSession, tenant: str, jaar: int, bron: str) -> list[Iv3Bedrag]:
    query = select(Iv3Bedrag).where(Iv3Bedrag.tenant == tenant, Iv3Bedrag.jaar == jaar, Iv3Bedrag.bron == bron)
    return list(await session.scalars(query.order_by(Iv3Bedrag.taakveld)))
