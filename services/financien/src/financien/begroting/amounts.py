"""What is on a budget line now: its amount plus what moved in, minus what moved out."""

from __future__ import annotations

import uuid

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from ..models import Begrotingspost, Verschuiving


async def actual_amounts(session: AsyncSession, posts: list[Begrotingspost]) -> dict[uuid.UUID, int]:
    """Each post's amount after the reallocations into and out of it (computed, never stored)."""
    ids = [p.id for p in posts]
    actual = {p.id: p.bedrag_cent for p in posts}
    rows = await session.execute(
        select(Verschuiving.van_post_id, Verschuiving.naar_post_id, Verschuiving.bedrag_cent).where(
            (Verschuiving.van_post_id.in_(ids)) | (Verschuiving.naar_post_id.in_(ids))
        )
    )
    for van, naar, cent in rows:
        if van in actual:
            actual[van] -= cent
        if naar in actual:
            actual[naar] += cent
    return actual
