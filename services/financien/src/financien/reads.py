"""The Totaalopgave as prepared statements (`stuurcyclus_common.reads`): its lines, targets and margins read without
the ORM, composed by the same `besparingen_totaalopgave.compose_totaalopgave` as the version an event carries."""

from __future__ import annotations

from sqlalchemy import bindparam, select
from stuurcyclus_common.db import Database, table_of
from stuurcyclus_common.reads import Prepared

from .besparingen import totaalopgave as besparingen_totaalopgave
from .besparingen.schemas import Totaalopgave
from .models import Behoedzaamheidsmarge, Besparingsdoel, Besparingslijn

_lijn = table_of(Besparingslijn)
_doel = table_of(Besparingsdoel)
_marge = table_of(Behoedzaamheidsmarge)

LIJNEN = Prepared(
    select(_lijn.c.id, _lijn.c.code, _lijn.c.naam, _lijn.c.spoor_nummer, _lijn.c.ten_laste_van_marge)
    .where(_lijn.c.tenant == bindparam("tenant"))
    .order_by(_lijn.c.volgorde, _lijn.c.code)
)
DOELEN = Prepared(
    select(_doel.c.lijn_id, _doel.c.jaar, _doel.c.bedrag_cent).where(_doel.c.tenant == bindparam("tenant"))
)
MARGES = Prepared(select(_marge.c.jaar, _marge.c.bedrag_cent).where(_marge.c.tenant == bindparam("tenant")))


async def totaalopgave(database: Database, tenant: str) -> Totaalopgave:
    """The municipality's Totaalopgave: lines × years, the total and the prudence margin."""
    lijnen = await database.fetch(LIJNEN, tenant=tenant)
    doelen = await database.fetch(DOELEN, tenant=tenant)
    marges = await database.fetch(MARGES, tenant=tenant)
    return besparingen_totaalopgave.compose_totaalopgave(lijnen, doelen, marges)
