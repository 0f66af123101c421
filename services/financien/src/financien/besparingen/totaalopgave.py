"""The Totaalopgave: lines x years as stored, its totals and the margin claim computed, never stored."""

from __future__ import annotations

import uuid
from collections import defaultdict
from collections.abc import Iterable, Sequence
from typing import Any

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from ..models import Behoedzaamheidsmarge, Besparingsdoel
from ..shared.service import bedrag
from .cijfers import list_lijnen
from .schemas import Totaalopgave, TotaalopgaveLijn


async def totaalopgave(session: AsyncSession, tenant: str) -> Totaalopgave:
    """Lines × years as stored (read in the caller's transaction; `reads.totaalopgave` is the API's read)."""
    lijnen = [
        (lijn.id, lijn.code, lijn.naam, lijn.spoor_nummer, lijn.ten_laste_van_marge)
        for lijn in await list_lijnen(session, tenant)
    ]
    doelen = await session.execute(
        select(Besparingsdoel.lijn_id, Besparingsdoel.jaar, Besparingsdoel.bedrag_cent).where(
            Besparingsdoel.tenant == tenant
        )
    )
    marges = await session.execute(
        select(Behoedzaamheidsmarge.jaar, Behoedzaamheidsmarge.bedrag_cent).where(Behoedzaamheidsmarge.tenant == tenant)
    )
    return compose_totaalopgave(lijnen, doelen, marges)


def compose_totaalopgave(
    lijnen: Iterable[Sequence[Any]], doelen: Iterable[Sequence[Any]], marges: Iterable[Sequence[Any]]
) -> Totaalopgave:
    """The Totaalopgave from its stored parts: lines `(id, code, naam, spoor_nummer, ten_laste_van_marge)` in order,
    targets `(lijn_id, jaar, cent)`, margins `(jaar, cent)`. The total and the years are computed here, never stored."""
    lijnen = list(lijnen)
    per_lijn: dict[uuid.UUID, dict[int, int]] = defaultdict(dict)
    for lijn_id, jaar, cent in doelen:
        per_lijn[lijn_id][jaar] = cent
    marge_per_jaar = {jaar: cent for jaar, cent in marges}
    jaren = sorted({j for d in per_lijn.values() for j in d} | set(marge_per_jaar))
    totaal = {j: sum(per_lijn[lijn_id].get(j, 0) for lijn_id, *_ in lijnen) for j in jaren}
    beslag = {j: sum(per_lijn[lijn_id].get(j, 0) for lijn_id, *_, marge in lijnen if marge) for j in jaren}
    return Totaalopgave(
        jaren=jaren,
        beslag_op_marge={j: bedrag(c) for j, c in beslag.items()},
        lijnen=[
            TotaalopgaveLijn(
                code=code,
                naam=naam,
                spoor_nummer=spoor_nummer,
                ten_laste_van_marge=marge,
                bedragen={j: bedrag(c) for j, c in sorted(per_lijn[lijn_id].items())},
            )
            for lijn_id, code, naam, spoor_nummer, marge in lijnen
        ],
        totaal={j: bedrag(c) for j, c in totaal.items()},
        behoedzaamheidsmarge={j: bedrag(marge_per_jaar[j]) if j in marge_per_jaar else None for j in jaren},
    )
