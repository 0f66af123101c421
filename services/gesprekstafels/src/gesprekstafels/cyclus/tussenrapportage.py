"""The interim report (tussenrapportage) of a subsidy year and the deadlines (termijnen)."""

from __future__ import annotations

import uuid
from collections import defaultdict
from datetime import UTC, date, datetime, timedelta

from icalendar import Alarm, Calendar, Event
from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession
from stuurcyclus_common.deadlines import end_of_day, is_past
from stuurcyclus_common.identity import Caller

from ..models import (
    Aanvraag,
    AmbitieReferentie,
    Besluit,
    Cyclus,
    Uitvraag,
    Verantwoording,
)
from ..verantwoording import statuses
from . import schemas
from . import service as cycle
from .schemas import TermijnStatus


async def tussenrapportage(session: AsyncSession, tenant: str, subsidiejaar: int) -> schemas.Tussenrapportage:
    """Per ambition: what was granted for the subsidy year, reported, spent, settled and reclaimed."""
    rows = await session.execute(
        select(Uitvraag.ambitie_id, Aanvraag.id, Aanvraag.status)
        .join(Aanvraag, Aanvraag.uitvraag_id == Uitvraag.id)
        .join(Cyclus, Cyclus.id == Uitvraag.cyclus_id)
        .where(
            Uitvraag.tenant == tenant,
            Cyclus.subsidiejaar == subsidiejaar,
            Aanvraag.status.in_(["toegekend", "vastgesteld"]),
        )
    )
    per_app = {aanvraag_id: ambitie_id for ambitie_id, aanvraag_id, _ in rows}
    besluiten = list(await session.scalars(select(Besluit).where(Besluit.aanvraag_id.in_(per_app))))
    reports = {
        r.aanvraag_id: r
        for r in await session.scalars(
            select(Verantwoording).where(
                Verantwoording.aanvraag_id.in_(per_app), Verantwoording.status != statuses.S.INGETROKKEN
            )
        )
    }
    totals: dict[uuid.UUID, dict[str, int]] = defaultdict(lambda: defaultdict(int))
    granted: dict[uuid.UUID, int] = {}
    for besluit in besluiten:
        line = totals[per_app[besluit.aanvraag_id]]
        if besluit.soort == "toekenning":
            line["toegekend_aantal"] += 1
            line["toegekend_cent"] += besluit.bedrag_cent or 0
            granted[besluit.aanvraag_id] = besluit.bedrag_cent or 0
    for besluit in (b for b in besluiten if b.soort == "vaststelling"):  # after the grants: it needs their amounts
        line = totals[per_app[besluit.aanvraag_id]]
        line["vastgesteld_aantal"] += 1
        line["vastgesteld_cent"] += besluit.bedrag_cent or 0
        line["teruggevorderd_cent"] += granted.get(besluit.aanvraag_id, 0) - (besluit.bedrag_cent or 0)
    for aanvraag_id, report in reports.items():
        line = totals[per_app[aanvraag_id]]
        line["verantwoord_aantal"] += 1
        line["besteed_cent"] += report.besteed_cent
    names = dict(
        (
            await session.execute(
                select(AmbitieReferentie.ambitie_id, AmbitieReferentie.naam).where(AmbitieReferentie.tenant == tenant)
            )
        ).all()
    )
    fields = schemas.TussenrapportageRegel.model_fields
    lines = [
        schemas.TussenrapportageRegel(
            ambitie_id=ambitie_id,
            ambitie=names.get(ambitie_id),
            **{name: line.get(name, 0) for name in fields if name not in ("ambitie_id", "ambitie")},
        )
        for ambitie_id, line in totals.items()
    ]
    lines.sort(key=lambda r: r.ambitie or "")
    return schemas.Tussenrapportage(subsidiejaar=subsidiejaar, ambities=lines)


def _status(done: bool, day: date) -> TermijnStatus:
    return "voldaan" if done else ("verlopen" if is_past(day) else "open")


async def termijnen(
    session: AsyncSession,
    tenant: str,
    caller: Caller,
    *,
    partner: str | None = None,
    status: str | None = None,
    jaar: int | None = None,
    soort: str | None = None,
) -> list[schemas.Termijn]:
    """What is due and overdue: the phases of every cycle, the published calls (and drafts not yet submitted), and the
    accountability reports of grants. A partner sees its own and the public ones — the calls open to it, its
    applications and reports — not the municipality's internal phases. `jaar`: deadlines in that calendar year."""
    if caller.is_partner:
        partner = caller.organisatie
    items: list[schemas.Termijn] = []
    phases: list[Cyclus] = (
        []
        if caller.is_partner
        else list(await session.scalars(select(Cyclus).where(Cyclus.tenant == tenant).order_by(Cyclus.jaar)))
    )
    for c in phases:
        for fase in (await cycle.fasen(session, c)).values():
            items.append(
                schemas.Termijn(
                    soort="fase",
                    omschrijving=f"{c.jaar}: {cycle.BY_CODE[fase.code].omschrijving}",
                    partner=None,
                    uiterlijk=cycle.deadline_of(fase),
                    status=_status(fase.status == "gesloten", fase.gepland_tot),
                    verwijzing=f"{c.jaar}/{fase.code}",
                )
            )
    calls = list(await session.scalars(select(Uitvraag).where(Uitvraag.tenant == tenant, Uitvraag.status != "concept")))
    for uitvraag in calls:
        items.append(
            schemas.Termijn(
                soort="uitvraag",
                omschrijving=f"Aanvragen indienen: {uitvraag.titel}",
                partner=None,
                uiterlijk=end_of_day(uitvraag.deadline),
                status=_status(uitvraag.status == "gesloten", uitvraag.deadline),
                verwijzing=str(uitvraag.id),
            )
        )
    deadlines = {u.id: u for u in calls}
    apps = select(Aanvraag).where(
        Aanvraag.tenant == tenant, Aanvraag.status.in_(["concept", "toegekend", "vastgesteld"])
    )
    if partner is not None:
        apps = apps.where(Aanvraag.partner == partner)
    reports = {
        r.aanvraag_id: r for r in await session.scalars(select(Verantwoording).where(Verantwoording.tenant == tenant))
    }
    rows = list(await session.scalars(apps.order_by(Aanvraag.created_at)))
    report_due = dict(  # one query for every grant's report deadline, not one per application
        (
            await session.execute(
                select(Besluit.aanvraag_id, Besluit.verantwoording_uiterlijk).where(
                    Besluit.aanvraag_id.in_([a.id for a in rows]), Besluit.soort == "toekenning"
                )
            )
        ).all()
    )
    for aanvraag in rows:
        if aanvraag.status == "concept" and aanvraag.uitvraag_id in deadlines:
            day = aanvraag.herstel_uiterlijk or deadlines[aanvraag.uitvraag_id].deadline
            items.append(
                schemas.Termijn(
                    soort="uitvraag",
                    omschrijving=f"Aanvraag indienen: {aanvraag.titel}",
                    partner=aanvraag.partner,
                    uiterlijk=end_of_day(day),
                    status=_status(False, day),
                    verwijzing=str(aanvraag.id),
                )
            )
        elif aanvraag.status in ("toegekend", "vastgesteld"):
            report = reports.get(aanvraag.id)
            due = (report.uiterlijk if report else None) or report_due.get(aanvraag.id)
            if due is not None:
                day = due
                items.append(
                    schemas.Termijn(
                        soort="verantwoording",
                        omschrijving=f"Verantwoording: {aanvraag.titel}",
                        partner=aanvraag.partner,
                        uiterlijk=end_of_day(day),
                        status=_status(report is not None and report.status in statuses.SETTLEABLE, day),
                        verwijzing=str(aanvraag.id),
                    )
                )
    items = [
        i
        for i in items
        if (status is None or i.status == status)
        and (soort is None or i.soort == soort)
        and (jaar is None or i.uiterlijk.year == jaar)
    ]
    return sorted(items, key=lambda i: (i.uiterlijk, i.soort, i.verwijzing))


def ical(items: list[schemas.Termijn], *, tenant: str, naam: str) -> bytes:
    """The deadlines as an RFC 5545 calendar a calendar program subscribes to: one all-day event per deadline on its
    day (the moment itself, 23:59 Europe/Amsterdam, in the description), with a stable UID so that a refresh updates
    events instead of adding them, and a reminder a week before what is still open."""
    calendar = Calendar()
    calendar.add("prodid", "-//stuurcyclus//termijnen//NL")
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("x-wr-calname", f"Termijnen {naam}")
    calendar.add("x-wr-timezone", "Europe/Amsterdam")
    stamp = datetime.now(UTC)
    for item in items:
        day = item.uiterlijk.date()
        event = Event()
        event.add("uid", f"{item.soort}-{item.verwijzing}@{tenant}.stuurcyclus")
        event.add("dtstamp", stamp)
        event.add("dtstart", day)
        event.add("dtend", day + timedelta(days=1))
        event.add("summary", item.omschrijving)
        event.add(
            "description", f"Uiterlijk {item.uiterlijk.isoformat()} ({item.status}). Verwijzing: {item.verwijzing}."
        )
        event.add("categories", [item.soort])
        event.add("status", "CONFIRMED")
        if item.status == "open":
            alarm = Alarm()
            alarm.add("action", "DISPLAY")
            alarm.add("description", item.omschrijving)
            alarm.add("trigger", timedelta(days=-7))
            event.add_component(alarm)
        calendar.add_component(event)
    return calendar.to_ical()
