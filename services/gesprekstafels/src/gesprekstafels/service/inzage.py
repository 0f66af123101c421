"""Reading applications, decisions and their history, each caller seeing only what is theirs."""

from __future__ import annotations

import uuid

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession
from stuurcyclus_common.identity import Caller
from stuurcyclus_common.pagination import PageParams, paginate
from stuurcyclus_common.versioning import get_or_raise

from .. import schemas
from ..models import (
    Aanvraag,
    Besluit,
    Statuswijziging,
    Uitvraag,
)
from .aanvragen import get_aanvraag
from .common import row_of


async def aanvraag_reads(session: AsyncSession, rows: list[Aanvraag]) -> list[schemas.AanvraagRead]:
    ambities = dict(
        (
            await session.execute(
                select(Uitvraag.id, Uitvraag.ambitie_id).where(Uitvraag.id.in_({r.uitvraag_id for r in rows}))
            )
        ).all()
    )
    return [schemas.AanvraagRead.model_validate(row_of(r, ambitie_id=ambities[r.uitvraag_id])) for r in rows]


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
    query = select(Aanvraag).where(Aanvraag.tenant == tenant)
    if caller.is_partner:
        query = query.where(Aanvraag.partner == caller.organisatie)
    if partner is not None:
        query = query.where(Aanvraag.partner == partner)
    if uitvraag_id is not None:
        query = query.where(Aanvraag.uitvraag_id == uitvraag_id)
    if status is not None:
        query = query.where(Aanvraag.status == status)
    return await paginate(session, query.order_by(Aanvraag.created_at, Aanvraag.id), params)


async def list_besluiten(
    session: AsyncSession,
    tenant: str,
    caller: Caller,
    params: PageParams,
    *,
    aanvraag_id: uuid.UUID | None,
    soort: str | None,
) -> tuple[int, list[Besluit]]:
    query = select(Besluit).where(Besluit.tenant == tenant)
    if caller.is_partner:
        query = query.join(Aanvraag, Aanvraag.id == Besluit.aanvraag_id).where(Aanvraag.partner == caller.organisatie)
    if aanvraag_id is not None:
        query = query.where(Besluit.aanvraag_id == aanvraag_id)
    if soort is not None:
        query = query.where(Besluit.soort == soort)
    return await paginate(session, query.order_by(Besluit.identificatie), params)


async def get_besluit(session: AsyncSession, tenant: str, caller: Caller, besluit_id: uuid.UUID) -> Besluit:
    besluit = await get_or_raise(session, Besluit, tenant, besluit_id)
    await get_aanvraag(session, tenant, caller, besluit.aanvraag_id)  # a partner reads only its own
    return besluit


async def history(session: AsyncSession, tenant: str, caller: Caller, aanvraag_id: uuid.UUID) -> list[Statuswijziging]:
    await get_aanvraag(session, tenant, caller, aanvraag_id)
    return list(
        await session.scalars(
            select(Statuswijziging).where(Statuswijziging.aanvraag_id == aanvraag_id).order_by(Statuswijziging.id)
        )
    )
