"""Event handlers of the sporen service: what the half-year report needs from the other services.

indicatoren's definitions and series, and financien's financial overview, are kept here as read models (each
applied once, a newer version never overwritten by an older one), so building the report reads only this
service's own database — no calls to other services on a request.
"""

from __future__ import annotations

from sqlalchemy import delete
from sqlalchemy.dialects.postgresql import insert
from sqlalchemy.ext.asyncio import AsyncSession
from stuurcyclus_common.contracts.financien import Iv3Bijgewerkt, OverzichtBijgewerkt
from stuurcyclus_common.contracts.indicatoren import GebiedenVastgelegd, ReeksenBijgewerkt
from stuurcyclus_common.db import table_of
from stuurcyclus_common.events import EventEnvelope, Subscription
from stuurcyclus_common.readmodel import indicator_handlers, upsert_versioned

from .models import FinancieelOverzicht, IndicatorReeks, IndicatorReferentie, Iv3Cijfers, WijkOmtrek

DEFINITION_FIELDS = ("code", "naam", "niveau", "dimensie", "beweging", "verwachting", "richting", "eenheid", "status")


async def on_series(session: AsyncSession, envelope: EventEnvelope) -> None:
    for reeks in envelope.payload(ReeksenBijgewerkt).reeksen:
        await upsert_versioned(
            session,
            table_of(IndicatorReeks),
            key={"tenant": envelope.tenant, "code": reeks.indicator},
            values={
                "gebied": reeks.gebied,
                "koers": reeks.koers,
                "reden": reeks.reden,
                "waarden": [p.model_dump() for p in reeks.waarden],
                "prognoses": [p.model_dump() for p in reeks.prognoses],
                "wijkwaarden": [p.model_dump() for p in reeks.wijkwaarden],
            },
            tenant=envelope.tenant,
            versie=reeks.versie,
        )


async def on_areas(session: AsyncSession, envelope: EventEnvelope) -> None:
    """A register year's wijken replace what was kept of that year (a register loaded again says it all anew)."""
    register = envelope.payload(GebiedenVastgelegd)
    await session.execute(
        delete(WijkOmtrek).where(WijkOmtrek.tenant == envelope.tenant, WijkOmtrek.jaar == register.jaar)
    )
    if register.wijken:
        await session.execute(
            insert(WijkOmtrek).values(
                [
                    {
                        "tenant": envelope.tenant,
                        "jaar": register.jaar,
                        "code": w.code,
                        "naam": w.naam,
                        "omtrek": w.omtrek,
                    }
                    for w in register.wijken
                ]
            )
        )


async def on_overview(session: AsyncSession, envelope: EventEnvelope) -> None:
    overview = envelope.payload(OverzichtBijgewerkt)
    await upsert_versioned(
        session,
        table_of(FinancieelOverzicht),
        key={"tenant": envelope.tenant},
        values={"inhoud": overview.model_dump(mode="json")},
        tenant=envelope.tenant,
        versie=overview.versie,
    )


async def on_iv3(session: AsyncSession, envelope: EventEnvelope) -> None:
    figures = envelope.payload(Iv3Bijgewerkt)
    await upsert_versioned(
        session,
        table_of(Iv3Cijfers),
        key={"tenant": envelope.tenant, "jaar": figures.jaar, "bron": figures.bron},
        values={"inhoud": figures.model_dump(mode="json")},
        tenant=envelope.tenant,
        versie=figures.versie,
    )


SUBSCRIPTIONS = [
    Subscription(
        name="indicatoren",
        source_service="indicatoren",
        subjects=["indicatoren.indicator.>", "indicatoren.reeks.>", "indicatoren.gebieden.>"],
        handlers=indicator_handlers(
            table_of(IndicatorReferentie), {f: f for f in DEFINITION_FIELDS} | {"spoor_nummer": "spoor"}
        )
        | {ReeksenBijgewerkt.event_name.type: on_series, GebiedenVastgelegd.event_name.type: on_areas},
    ),
    Subscription(
        name="financien",
        source_service="financien",
        subjects=["financien.overzicht.>", "financien.iv3.>"],
        handlers={OverzichtBijgewerkt.event_name.type: on_overview, Iv3Bijgewerkt.event_name.type: on_iv3},
    ),
]
