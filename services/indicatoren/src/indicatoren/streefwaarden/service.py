"""Rules of targets."""

from __future__ import annotations

from decimal import Decimal

from sqlalchemy import select
from sqlalchemy.dialects.postgresql import insert
from sqlalchemy.ext.asyncio import AsyncSession
from stuurcyclus_common.errors import InvalidInput
from stuurcyclus_common.gemeenten import area_belongs_to

from ..models import Indicator, Streefwaarde


async def set_target(
    session: AsyncSession, tenant: str, indicator: Indicator, *, jaar: int, gebied: str, waarde: Decimal
) -> None:
    if not area_belongs_to(gebied, tenant):
        raise InvalidInput.field("path.gebied", f"{gebied} is not {tenant} or one of its wijken or buurten")
    stmt = insert(Streefwaarde).values(
        tenant=tenant, indicator_id=indicator.id, jaar=jaar, gebied=gebied, waarde=waarde
    )
    await session.execute(
        stmt.on_conflict_do_update(index_elements=["indicator_id", "jaar", "gebied"], set_={"waarde": waarde})
    )


async def targets(session: AsyncSession, indicator: Indicator) -> list[Streefwaarde]:
    query = select(Streefwaarde).where(Streefwaarde.indicator_id == indicator.id)
    return list(await session.scalars(query.order_by(Streefwaarde.jaar, Streefwaarde.gebied)))
