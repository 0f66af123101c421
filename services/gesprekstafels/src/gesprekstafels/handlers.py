"""Event handlers of the gesprekstafels service: what other services decide and the cycle waits for.

- sporen: the ambitions (tables and calls are per ambition);
- financien: the subsidy ceilings (the call shows them), the answers to grant proposals (confirmed: ready to grant;
  refused: rejected with the reason), and the council's budget adoption (closes the `begroting` phase);
- indicatoren: the indicator definitions (calls and reports may name only known ones), and its answer on a
  partner's report (its values recorded, or refused with the reasons: kept on the report for the partner to see).
"""

from __future__ import annotations

from datetime import date

from sqlalchemy.dialects.postgresql import insert
from sqlalchemy.ext.asyncio import AsyncSession
from stuurcyclus_common.contracts.financien import (
    BegrotingVastgesteld,
    ReserveringBevestigd,
    ReserveringGeweigerd,
    SubsidieplafondVastgesteld,
)
from stuurcyclus_common.contracts.indicatoren import VerantwoordingGeweigerd, VerantwoordingVerwerkt
from stuurcyclus_common.db import table_of
from stuurcyclus_common.events import EventEnvelope, Subscription
from stuurcyclus_common.readmodel import ambitie_handlers, indicator_handlers, versioned_reference

from .besluiten.service import on_reservation_answer
from .cyclus import service as cyclus
from .models import AmbitieReferentie, IndicatorReferentie, PlafondReferentie
from .models import BegrotingVastgesteld as BegrotingRow
from .verantwoording.service import on_answer


async def on_budget_adopted(session: AsyncSession, envelope: EventEnvelope) -> None:
    adopted = envelope.payload(BegrotingVastgesteld)
    op = date.fromisoformat(adopted.vastgesteldOp)
    await session.execute(
        insert(BegrotingRow)
        .values(tenant=envelope.tenant, jaar=adopted.jaar, begroting_id=adopted.begrotingId, vastgesteld_op=op)
        .on_conflict_do_nothing()
    )
    await cyclus.close_on_budget(session, envelope.tenant, adopted.jaar, op)


async def on_confirmed(session: AsyncSession, envelope: EventEnvelope) -> None:
    answer = envelope.payload(ReserveringBevestigd)
    await on_reservation_answer(
        session, envelope.tenant, answer.aanvraagId, confirmed=True, reden=None, bedrag_cent=answer.bedragCent
    )


async def on_refused(session: AsyncSession, envelope: EventEnvelope) -> None:
    answer = envelope.payload(ReserveringGeweigerd)
    await on_reservation_answer(
        session, envelope.tenant, answer.aanvraagId, confirmed=False, reden=answer.reden, bedrag_cent=answer.bedragCent
    )


async def on_report_recorded(session: AsyncSession, envelope: EventEnvelope) -> None:
    answer = envelope.payload(VerantwoordingVerwerkt)
    await on_answer(
        session,
        envelope.tenant,
        verantwoording_id=answer.verantwoordingId,
        versie=answer.versie,
        uitkomst="vastgelegd",
        weigeringen=[],
    )


async def on_report_refused(session: AsyncSession, envelope: EventEnvelope) -> None:
    answer = envelope.payload(VerantwoordingGeweigerd)
    await on_answer(
        session,
        envelope.tenant,
        verantwoording_id=answer.verantwoordingId,
        versie=answer.versie,
        uitkomst="geweigerd",
        weigeringen=[w.model_dump() for w in answer.weigeringen],
    )


on_ceiling = versioned_reference(
    table_of(PlafondReferentie),
    SubsidieplafondVastgesteld,
    key=("plafond_id", "plafondId"),
    fields={"ambitie_id": "ambitieId", "jaar": "jaar", "bedrag_cent": "bedragCent", "sisa_code": "sisaCode"},
)

SUBSCRIPTIONS = [
    Subscription(
        name="sporen",
        source_service="sporen",
        subjects=["sporen.ambitie.>"],
        handlers=ambitie_handlers(table_of(AmbitieReferentie)),
    ),
    Subscription(
        name="financien",
        source_service="financien",
        subjects=["financien.subsidieplafond.>", "financien.reservering.>", "financien.begroting.>"],
        handlers={
            SubsidieplafondVastgesteld.event_name.type: on_ceiling,
            ReserveringBevestigd.event_name.type: on_confirmed,
            ReserveringGeweigerd.event_name.type: on_refused,
            BegrotingVastgesteld.event_name.type: on_budget_adopted,
        },
    ),
    Subscription(
        name="indicatoren",
        source_service="indicatoren",
        subjects=["indicatoren.indicator.>", "indicatoren.verantwoording.>"],
        handlers=indicator_handlers(table_of(IndicatorReferentie), {"code": "code", "naam": "naam", "status": "status"})
        | {
            VerantwoordingVerwerkt.event_name.type: on_report_recorded,
            VerantwoordingGeweigerd.event_name.type: on_report_refused,
        },
    ),
]
