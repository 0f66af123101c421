"""Reading decisions, each caller seeing only what is theirs (`partner_scope`)."""

from __future__ import annotations

import uuid

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession
from stuurcyclus_common.identity import Caller, partner_scope
from stuurcyclus_common.pagination import PageParams, paginate
from stuurcyclus_common.versioning import get_or_raise

from ..aanvragen.service import get_aanvraag
from ..models import Aanvraag, Besluit


async def list_besluiten(
    session: AsyncSession,
    tenant: str,
    caller: Caller,
    params: PageParams,
    *,
    aanvraag_id: uuid.UUID | None,
    soort: str | None,
) -> tuple[int, list[Besluit]]:
    query = (
        select(Besluit)
        .join(Aanvraag, Aanvraag.id == Besluit.aanvraag_id)
        .where(Besluit.tenant == tenant, partner_scope(caller, Aanvraag.partner))
    )
    if aanvraag_id is not None:
        query = query.where(Besluit.aanvraag_id == aanvraag_id)
    if soort is not None:
        query = query.where(Besluit.soort == soort)
    return await paginate(session, query.order_by(Besluit.identificatie), params)


async def get_besluit(session: AsyncSession, tenant: str, caller: Caller, besluit_id: uuid.UUID) -> Besluit:
    besluit = await get_or_raise(session, Besluit, tenant, besluit_id)
    await get_aanvraag(session, tenant, caller, aanvraag_id=besluit.aanvraag_id)  # a partner reads only its own
    return besluit
