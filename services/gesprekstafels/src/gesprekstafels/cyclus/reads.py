"""The cycle's hot read as one prepared statement (`stuurcyclus_common.reads`): a year's cycle, its phases and the
adopted budget of its subsidy year in one round trip. What `service.read` answers through the ORM, without it."""

from __future__ import annotations

from sqlalchemy import and_, bindparam, select
from stuurcyclus_common.db import Database, table_of
from stuurcyclus_common.errors import NotFound
from stuurcyclus_common.reads import Prepared

from ..models import BegrotingVastgesteld, Cyclus, Fase
from . import schemas, service

_cyclus = table_of(Cyclus)
_fase = table_of(Fase)
_begroting = table_of(BegrotingVastgesteld)

#: One row per phase (in order), each carrying the cycle's columns and the date its subsidy year's budget was adopted.
CYCLUS = Prepared(
    select(
        _cyclus.c.id,
        _cyclus.c.tenant,
        _cyclus.c.jaar,
        _cyclus.c.subsidiejaar,
        _begroting.c.vastgesteld_op,
        *(c for c in _fase.c if c.name not in ("id", "cyclus_id")),
    )
    .select_from(
        _cyclus.outerjoin(_fase, _fase.c.cyclus_id == _cyclus.c.id).outerjoin(
            _begroting,
            and_(_begroting.c.tenant == _cyclus.c.tenant, _begroting.c.jaar == _cyclus.c.subsidiejaar),
        )
    )
    .where(_cyclus.c.tenant == bindparam("tenant"), _cyclus.c.jaar == bindparam("jaar"))
    .order_by(_fase.c.volgorde)
)


async def cyclus_read(database: Database, tenant: str, jaar: int) -> schemas.CyclusRead:
    """A year's cycle of this municipality, or 404 (the same answer and problem as `service.get_cyclus` + `read`)."""
    rows = await database.fetch(CYCLUS, tenant=tenant, jaar=jaar)
    if not rows:
        raise NotFound(f"There is no cycle {jaar} in {tenant}.", code="cyclus_onbekend")
    phases = [service.fase_read(dict(row)) for row in rows if row["code"] is not None]
    return service.compose(rows[0], rows[0]["vastgesteld_op"], phases)
