"""Conversation tables (gesprekstafels) and their outcomes."""

from __future__ import annotations

import uuid

from sqlalchemy import Select, select
from sqlalchemy.ext.asyncio import AsyncSession
from stuurcyclus_common.errors import Conflict
from stuurcyclus_common.pagination import PageParams, paginate
from stuurcyclus_common.versioning import check_version, get_or_raise, referenced

from ..cyclus import service as cycle
from ..models import (
    Cyclus,
    Tafel,
    Uitkomst,
)
from ..shared.rules import known_ambitie, row_of, unprocessable
from . import schemas


async def create_tafel(session: AsyncSession, tenant: str, data: schemas.TafelCreate) -> Tafel:
    cyclus = await cycle.get_cyclus(session, tenant, data.jaar)
    if data.fase == "gezamenlijke-tafel":
        if data.ambitie_id is not None:
            raise unprocessable("ambitieId", "the joint table is about all ambitions: leave it out", "niet_toegestaan")
        soort = "gezamenlijk"
    else:
        if data.ambitie_id is None:
            raise unprocessable("ambitieId", "a theme table is about one ambition", "vereist")
        await known_ambitie(session, tenant, data.ambitie_id)
        soort = "thema"
    fase = (await cycle.fasen(session, cyclus))[data.fase]
    if fase.status == "gesloten":
        raise Conflict(f"Phase {data.fase} of {data.jaar} is closed: no new tables.", code="fase_gesloten")
    tafel = Tafel(
        tenant=tenant, cyclus_id=cyclus.id, soort=soort, versie=1, **data.model_dump(mode="json", exclude={"jaar"})
    )
    tafel.datum, tafel.ambitie_id = data.datum, data.ambitie_id
    session.add(tafel)
    await session.flush()
    return tafel


async def update_tafel(
    session: AsyncSession, tenant: str, tafel_id: uuid.UUID, *, data: schemas.TafelUpdate, if_match: int | None
) -> Tafel:
    tafel = await get_or_raise(session, Tafel, tenant, tafel_id, lock=True)
    check_version(tafel, if_match if if_match is not None else data.versie)
    changes = data.model_dump(mode="json", exclude_unset=True, exclude={"versie"})
    for key, value in changes.items():
        setattr(tafel, key, data.datum if key == "datum" else value)
    tafel.versie += 1
    await session.flush()
    return tafel


async def add_uitkomst(
    session: AsyncSession, tenant: str, tafel_id: uuid.UUID, data: schemas.UitkomstCreate
) -> Uitkomst:
    tafel = await get_or_raise(session, Tafel, tenant, tafel_id, lock=True)
    cyclus = await referenced(session, Cyclus, tafel.cyclus_id)
    await cycle.require_open(session, cyclus, tafel.fase, "record an outcome of this table")
    if data.rang is not None and await session.scalar(
        select(Uitkomst.id).where(
            Uitkomst.tafel_id == tafel.id, Uitkomst.soort == data.soort, Uitkomst.rang == data.rang
        )
    ):
        raise Conflict(f"This table already has a priority ranked {data.rang}.", code="rang_bezet")
    uitkomst = Uitkomst(tenant=tenant, tafel_id=tafel.id, **data.model_dump())
    session.add(uitkomst)
    await session.flush()
    return uitkomst


def ordered_outcomes(query: Select) -> Select:
    return query.order_by(Uitkomst.soort, Uitkomst.rang.nulls_last(), Uitkomst.vastgelegd_op, Uitkomst.id)


async def list_tafels(
    session: AsyncSession, tenant: str, params: PageParams, *, jaar: int | None, fase: str | None
) -> tuple[int, list[Tafel]]:
    query = select(Tafel).where(Tafel.tenant == tenant)
    if jaar is not None:
        query = query.join(Cyclus, Cyclus.id == Tafel.cyclus_id).where(Cyclus.jaar == jaar)
    if fase is not None:
        query = query.where(Tafel.fase == fase)
    return await paginate(session, query.order_by(Tafel.datum, Tafel.id), params)


async def tafel_read(session: AsyncSession, tafel: Tafel, full: bool = True) -> schemas.TafelRead:
    cyclus = await referenced(session, Cyclus, tafel.cyclus_id)
    read = schemas.TafelRead.model_validate(row_of(tafel, jaar=cyclus.jaar))
    if not full:
        return read
    own = await session.scalars(ordered_outcomes(select(Uitkomst).where(Uitkomst.tafel_id == tafel.id)))
    inbreng: list[Uitkomst] = []
    if tafel.fase == "thematafels-januari":  # last October's tables of this ambition feed January's
        inbreng = list(
            await session.scalars(
                ordered_outcomes(
                    select(Uitkomst)
                    .join(Tafel, Tafel.id == Uitkomst.tafel_id)
                    .join(Cyclus, Cyclus.id == Tafel.cyclus_id)
                    .where(
                        Tafel.tenant == tafel.tenant,
                        Cyclus.jaar == cyclus.jaar - 1,
                        Tafel.fase == "thematafels-oktober",
                        Tafel.ambitie_id == tafel.ambitie_id,
                    )
                )
            )
        )
    return read.model_copy(
        update={
            "uitkomsten": [schemas.UitkomstRead.model_validate(u) for u in own],
            "inbreng": [schemas.UitkomstRead.model_validate(u) for u in inbreng],
        }
    )
