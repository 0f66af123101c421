"""Rules of the report's chapters that are not per track."""

from __future__ import annotations

import uuid

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession
from stuurcyclus_common.contracts import sporen as events

from ..models import Rapporttekst
from ..shared.service import record_created, record_update, refuse_duplicate, state_of
from .schemas import HOOFDSTUK_TITELS, Hoofdstuk, RapporttekstCreate, RapporttekstRead, RapporttekstUpdate


async def list_rapportteksten(session: AsyncSession, tenant: str, periode: str | None) -> list[Rapporttekst]:
    """A municipality's report texts (of one half year), in the report's order of chapters."""
    query = select(Rapporttekst).where(Rapporttekst.tenant == tenant)
    if periode:
        query = query.where(Rapporttekst.periode == periode)
    order = {h.value: n for n, h in enumerate(Hoofdstuk)}
    return sorted(await session.scalars(query), key=lambda t: (t.periode, order.get(t.hoofdstuk, 99)))


async def create_rapporttekst(session: AsyncSession, tenant: str, data: RapporttekstCreate) -> Rapporttekst:
    what = f"{data.hoofdstuk.value} of {data.periode}"
    await refuse_duplicate(session, Rapporttekst, tenant, what, periode=data.periode, hoofdstuk=data.hoofdstuk.value)
    fields = data.model_dump(mode="json")
    fields["titel"] = data.titel or HOOFDSTUK_TITELS[data.hoofdstuk]
    tekst = Rapporttekst(id=uuid.uuid4(), tenant=tenant, versie=1, **fields)
    event = events.RapporttekstVastgelegd(
        rapporttekstId=tekst.id, periode=tekst.periode, hoofdstuk=tekst.hoofdstuk, versie=1
    )
    return await record_created(session, tekst, state_of(RapporttekstRead), event)


async def update_rapporttekst(
    session: AsyncSession, tenant: str, object_id: uuid.UUID, *, data: RapporttekstUpdate, if_match: int | None
) -> Rapporttekst:
    return await record_update(
        session,
        Rapporttekst,
        tenant,
        object_id,
        data,
        if_match,
        RapporttekstRead,
        lambda t: events.RapporttekstGewijzigd(
            rapporttekstId=t.id, periode=t.periode, hoofdstuk=t.hoofdstuk, versie=t.versie
        ),
    )
