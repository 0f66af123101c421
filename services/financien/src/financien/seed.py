"""Loads Zwolle's finance figures (`seed_zwolle.py`). Idempotent: lines by code, margins by year, posts by
(year, kind, description); what exists is left as it is.
"""

from __future__ import annotations

from sqlalchemy import select
from stuurcyclus_common.db import Database

from . import schemas, service
from .models import Begrotingspost, Behoedzaamheidsmarge, Besparingslijn
from .seed_zwolle import BEHOEDZAAMHEIDSMARGE, LIJNEN, POSTEN

ZWOLLE = "GM0193"


async def seed(database: Database) -> str:
    added = 0
    async with database.session_scope() as session:
        codes = set(await session.scalars(select(Besparingslijn.code).where(Besparingslijn.tenant == ZWOLLE)))
        for lijn in LIJNEN:
            if lijn["code"] not in codes:
                await service.create_lijn(session, ZWOLLE, schemas.BesparingslijnCreate(**lijn))
                added += 1
        years = set(
            await session.scalars(select(Behoedzaamheidsmarge.jaar).where(Behoedzaamheidsmarge.tenant == ZWOLLE))
        )
        for jaar, cent in BEHOEDZAAMHEIDSMARGE.items():
            if jaar not in years:
                await service.set_marge(session, ZWOLLE, jaar, cent)
                added += 1
        existing = set(
            (
                await session.execute(
                    select(Begrotingspost.jaar, Begrotingspost.soort, Begrotingspost.omschrijving).where(
                        Begrotingspost.tenant == ZWOLLE
                    )
                )
            ).all()
        )
        for post in POSTEN:
            if (post["jaar"], post["soort"], post["omschrijving"]) not in existing:
                await service.create_post(session, ZWOLLE, schemas.BegrotingspostCreate(**post))
                added += 1
        if added:
            await service.announce_overzicht(session, ZWOLLE)
    return f"{added} Zwolle records added" if added else "Zwolle's figures already loaded (0 records added)"
