"""The financial overview, one versioned event (`financien.overzicht.bijgewerkt`) that sporen's report reads:
announced by every rule that changes what it describes."""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession
from stuurcyclus_common.contracts import financien as events
from stuurcyclus_common.events import record_event
from stuurcyclus_common.snapshots import next_version

from ..begroting.amounts import actual_amounts
from ..besparingen.cijfers import doel_vs_realisatie, list_kaders, voor_kader
from ..besparingen.totaalopgave import totaalopgave
from ..models import EVENTS, SNAPSHOT_VERSIONS, Begrotingspost


async def announce_overzicht(session: AsyncSession, tenant: str) -> None:
    """After a change to savings, margin or budget lines: the whole financial overview as one versioned event."""
    opgave = await totaalopgave(session, tenant)
    posts = list(
        await session.scalars(
            select(Begrotingspost)
            .where(Begrotingspost.tenant == tenant)
            .order_by(Begrotingspost.jaar, Begrotingspost.soort, Begrotingspost.created_at)
        )
    )
    actual = await actual_amounts(session, posts)
    event = events.OverzichtBijgewerkt(
        versie=await next_version(session, SNAPSHOT_VERSIONS, tenant, "overzicht"),
        jaren=opgave.jaren,
        lijnen=[
            events.OverzichtLijn(
                code=lijn.code,
                naam=lijn.naam,
                spoor=lijn.spoor_nummer,
                tenLasteVanMarge=lijn.ten_laste_van_marge,
                bedragen={j: b.cent for j, b in lijn.bedragen.items()},
            )
            for lijn in opgave.lijnen
        ],
        totaal={j: b.cent for j, b in opgave.totaal.items()},
        behoedzaamheidsmarge={j: b.cent for j, b in opgave.behoedzaamheidsmarge.items() if b is not None},
        beslagOpMarge={j: b.cent for j, b in opgave.beslag_op_marge.items()},
        doelRealisatie=[
            events.OverzichtDoelRealisatie(
                spoor=r.spoor_nummer,
                jaar=r.jaar,
                doelCent=r.doel.cent,
                beslagMargeCent=r.beslag_marge.cent,
                structureelCent=r.gerealiseerd_structureel.cent,
                incidenteelCent=r.gerealiseerd_incidenteel.cent,
                gerealiseerdCent=r.gerealiseerd.cent,
            )
            for r in await doel_vs_realisatie(session, tenant)
        ],
        voorKader=[
            events.OverzichtVoorKader(
                spoor=v.spoor_nummer,
                voorJaar=v.voor_jaar,
                structureelCent=v.gerealiseerd_structureel.cent,
                incidenteelCent=v.gerealiseerd_incidenteel.cent,
                gerealiseerdCent=v.gerealiseerd.cent,
                toelichting=v.toelichting,
            )
            for v in await voor_kader(session, tenant)
        ],
        kaders=[
            events.OverzichtKader(
                versie=k.versie,
                periode=k.periode,
                totaalCent=k.totaal_cent,
                doeljaar=k.doeljaar,
                reden=k.reden,
                bron=k.bron,
            )
            for k in await list_kaders(session, tenant)
        ],
        posten=[
            events.OverzichtPost(
                postId=p.id,
                jaar=p.jaar,
                soort=p.soort,
                omschrijving=p.omschrijving,
                bedragCent=actual[p.id],
                karakter=p.karakter,
                status=p.status,
                programma=p.programma,
                spoor=p.spoor_nummer,
                ambitie=p.ambitie_nummer,
                toelichting=p.toelichting,
            )
            for p in posts
        ],
    )
    await record_event(session, EVENTS, event, tenant=tenant)
