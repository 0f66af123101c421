"""Reading applications and their history, each caller seeing only what is theirs (`partner_scope`)."""

from __future__ import annotations

import uuid

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession
from stuurcyclus_common.identity import Caller, partner_scope
from stuurcyclus_common.pagination import PageParams, paginate

from ..models import Aanvraag, Statuswijziging, Uitvraag
from ..shared.rules import row_of
from . import schemas
from .service import get_aanvraag


async def aanvraag_reads(session: AsyncSession, rows: list[Aanvraag]) -> list[schemas.AanvraagRead]:
    """Applications as read bodies, each with the ambition of its call (one query for all of them)."""
    ambities = dict(
        (
            await session.execute(
                select(Uitvraag.id, Uitvraag.ambitie_id).where(Uitvraag.id.in_({r.uitvraag_id for r in rows}))
            )
        ).all()
    )
    return [schemas.AanvraagRead.model_validate(row_of(r, ambitie_id=ambities[r.uitvraag_id])) for r in rows]


async def aanvraag_read(session: AsyncSession, aanvraag: Aanvraag) -> schemas.AanvraagRead:
    return (await aanvraag_reads(session, [aanvraag]))[0]


async def list_aanvragen(
    session: AsyncSession,
    tenant: str,
    caller: Caller,
    params: PageParams,
    *,
    uitvraag_id: uuid.UUID | None,
    status: str | None,
    partner: str | None,
) -> tuple[int, list[Aanvraag]]:
    query = select(Aanvraag).where(Aanvraag.tenant == tenant, partner_scope(caller, Aanvraag.partner))
    if partner is not None:
        query = query.where(Aanvraag.partner == partner)
    if uitvraag_id is not None:
        query = query.where(Aanvraag.uitvraag_id == uitvraag_id)
    if status is not None:
        query = query.where(Aanvraag.status == status)
    return await paginate(session, query.order_by(Aanvraag.created_at, Aanvraag.id), params)


async def history(session: AsyncSession, tenant: str, caller: Caller, aanvraag_id: uuid.UUID) -> list[Statuswijziging]:
    await get_aanvraag(session, tenant, caller, aanvraag_id=aanvraag_id)  # a partner reads only its own
    return list(
        await session.scalars(
            select(Statuswijziging).where(Statuswijziging.aanvraag_id == aanvraag_id).order_by(Statuswijziging.id)
        )
    )
