"""Seed data: Zwolle's six tracks, as named in the half-year report (seed `001_…`) and the agenda (`000_…`).

Idempotent: a track whose number already exists is left as it is, so loading twice gives the same state. It goes
through the service layer, so the other services learn of the tracks by the same events as any other change.
"""

from __future__ import annotations

from sqlalchemy import select
from stuurcyclus_common.db import Database

from . import service
from .models import Spoor
from .schemas import SpoorCreate

ZWOLLE = "GM0193"
ZWOLLE_SPOREN = [
    SpoorCreate(nummer=1, naam="Sterke sociale basis"),
    SpoorCreate(nummer=2, naam="WMO: Van beschermd wonen naar beschermd thuis"),
    SpoorCreate(nummer=3, naam="Jeugd: Herstel in het gewone leven"),
    SpoorCreate(nummer=4, naam="Participatie: verzilveren potentie"),
    SpoorCreate(nummer=5, naam="Wonen als sleutelfactor"),
    SpoorCreate(nummer=6, naam="Eén gezin, één plan", status="in-voorbereiding"),
]


async def seed(database: Database) -> str:
    async with database.session_scope() as session:
        existing = set(await session.scalars(select(Spoor.nummer).where(Spoor.tenant == ZWOLLE)))
        added = 0
        for spoor in ZWOLLE_SPOREN:
            if spoor.nummer not in existing:
                await service.create(session=session, tenant=ZWOLLE, data=spoor)
                added += 1
    return f"{added} of {len(ZWOLLE_SPOREN)} Zwolle tracks added"
