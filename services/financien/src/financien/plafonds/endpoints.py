"""Routes: subsidy ceilings and the reservations under them."""

from __future__ import annotations

import uuid
from decimal import Decimal
from typing import Annotated

from fastapi import Query
from stuurcyclus_common.auth import FINANCE_STAFF, STAFF
from stuurcyclus_common.http import SessionDep, TenantDep, service_router
from stuurcyclus_common.pagination import Page, PagerDep
from stuurcyclus_common.responses import CONFLICT

from ..shared.http import CSV, Formaat, csv_answer, decimal_comma
from . import service
from .schemas import PlafondRead, PlafondSet, ReserveringRead

# The municipality's people and systems read the money (partners do not); finance staff change it.
router = service_router(read=STAFF, write=FINANCE_STAFF)


@router.get("/subsidieplafonds", response_model=Page[PlafondRead], tags=["plafonds"], responses=CSV)
async def list_plafonds(  # noqa: ANN201
    session: SessionDep,
    tenant: TenantDep,
    pager: PagerDep,
    jaar: Annotated[int | None, Query(ge=2000, le=2100)] = None,
    formaat: Formaat = "json",
):
    """Ceiling use per ambition and year: the ceiling, committed, reserved, available."""
    plafonds = await service.list_plafonds(session, tenant, jaar)
    if formaat == "json":
        return pager.of(plafonds)
    table = [["Ambitie", "Jaar", "Plafond", "Vastgelegd", "Gereserveerd", "Beschikbaar"]]
    for p in plafonds:
        cells = (p.bedrag_cent, p.vastgelegd_cent, p.gereserveerd_cent, p.beschikbaar_cent)
        table.append([str(p.ambitie_id), str(p.jaar), *(decimal_comma(f"{Decimal(c) / 100:.2f}") for c in cells)])
    return csv_answer(table, "plafondgebruik.csv")


@router.put("/subsidieplafonds", response_model=PlafondRead, tags=["plafonds"], responses=CONFLICT)
async def set_plafond(data: PlafondSet, session: SessionDep, tenant: TenantDep) -> PlafondRead:
    """Set the ceiling of an ambition in a year (never below what is committed and reserved)."""
    return await service.set_plafond(session, tenant, data)


@router.get("/reserveringen", response_model=Page[ReserveringRead], tags=["plafonds"])
async def list_reserveringen(
    session: SessionDep, tenant: TenantDep, pager: PagerDep, plafondId: uuid.UUID | None = None
) -> Page[ReserveringRead]:
    """Reservations against the ceilings (made by events from gesprekstafels)."""
    rows = await service.list_reserveringen(session, tenant, plafondId)
    return pager.of([ReserveringRead.model_validate(r) for r in rows])
