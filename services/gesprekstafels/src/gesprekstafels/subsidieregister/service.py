"""Rules of the subsidy register: imported as it comes, idempotently by dossier number and year (a row again changes
nothing, a changed row is counted as changed), read by staff with names and by a partner only where the register
names the partner; summed per applicant or scheme per year; set beside a call's applications; a private person's
dossier never shown by name outside staff."""

from __future__ import annotations

from collections import defaultdict
from typing import Any

from sqlalchemy import Select, func, or_, select
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.sql.elements import ColumnElement
from stuurcyclus_common.errors import InvalidParam, NotFound, Unprocessable
from stuurcyclus_common.identity import Caller, partner_scope

from ..models import Aanvraag, BestaandeSubsidie, Uitvraag
from . import register
from .schemas import (
    BestaandeSubsidieRead,
    RegisterResult,
    Totaal,
    VergelijkingRead,
)

FIELDS = ("dossiernummer", "jaar", "aanvrager", "aanvrager_sleutel", "particulier", "regeling", "beleidsterrein",
          "organisatieonderdeel", "projectnaam", "periodiciteit", "aangevraagd_cent", "verleend_cent",
          "vastgesteld_cent", "overzicht_op")  # fmt: skip
TYPES = ("text", "int", "text", "text", "bool", "text", "text", "text", "text", "text", "bigint", "bigint", "bigint",
         "date")  # fmt: skip
_COMPARED = [f for f in FIELDS if f not in ("dossiernummer", "jaar")]

#: One statement for the whole register: each column as an array, unnested into rows and merged. A row whose every
#: field is the same is left alone (not counted as changed); `xmax = 0` tells an inserted row from an updated one.
_MERGE = f"""
WITH incoming AS (
    SELECT * FROM unnest({", ".join(f"${i + 2}::{t}[]" for i, t in enumerate(TYPES))}) AS t({", ".join(FIELDS)})
), merged AS (
    INSERT INTO gesprekstafels.bestaande_subsidie (tenant, {", ".join(FIELDS)})
    SELECT $1, {", ".join(FIELDS)} FROM incoming
    ON CONFLICT (tenant, dossiernummer, jaar) DO UPDATE SET
        {", ".join(f"{f} = EXCLUDED.{f}" for f in _COMPARED)}, ingelezen_op = now()
    WHERE ({", ".join(f"bestaande_subsidie.{f}" for f in _COMPARED)})
          IS DISTINCT FROM ({", ".join(f"EXCLUDED.{f}" for f in _COMPARED)})
    RETURNING (xmax = 0) AS nieuw
)
SELECT count(*) FILTER (WHERE nieuw), count(*) FILTER (WHERE NOT nieuw) FROM merged
"""


async def import_register(session: AsyncSession, tenant: str, text: str) -> RegisterResult:
    """Import the register, all or nothing: every bad row named in one answer, else one merge."""
    read = register.read(text)
    if read.errors:
        problems = [
            InvalidParam(name=f"line {line}: {column}", code="invalid", reason=r) for line, column, r in read.errors
        ]
        raise Unprocessable(
            f"{len(problems)} bad row(s), first at {problems[0].name}: {problems[0].reason}. Nothing was imported.",
            code="rijen_ongeldig",
            invalid_params=problems,
        )
    rows = [{**vars(d), "aanvrager_sleutel": register.sleutel(d.aanvrager)} for d in read.dossiers]
    columns = [[row[f] for row in rows] for f in FIELDS]
    connection = await session.connection()
    raw = await connection.get_raw_connection()
    nieuw, gewijzigd = await raw.driver_connection.fetchrow(_MERGE, tenant, *columns)  # type: ignore[union-attr]
    return RegisterResult(
        rijen=read.rijen,
        nieuw=nieuw,
        gewijzigd=gewijzigd,
        ongewijzigd=len(rows) - nieuw - gewijzigd,
        jaren=sorted({d.jaar for d in read.dossiers}),
    )


def visible(caller: Caller) -> ColumnElement[bool]:
    """A partner sees the dossiers the register names it for (never a private person's); staff see every one."""
    return partner_scope(caller, BestaandeSubsidie.aanvrager)


def as_read(row: BestaandeSubsidie, caller: Caller) -> BestaandeSubsidieRead:
    hidden = row.particulier and caller.is_partner
    return BestaandeSubsidieRead(
        dossiernummer=row.dossiernummer,
        jaar=row.jaar,
        aanvrager=None if hidden else row.aanvrager,
        particulier=row.particulier,
        regeling=row.regeling,
        beleidsterrein=row.beleidsterrein,
        organisatieonderdeel=row.organisatieonderdeel,
        projectnaam=None if hidden else row.projectnaam,
        periodiciteit=row.periodiciteit,
        aangevraagdCent=row.aangevraagd_cent,
        verleendCent=row.verleend_cent,
        vastgesteldCent=row.vastgesteld_cent,
    )


def _filters(tenant: str, caller: Caller, criteria: dict[str, Any]) -> list[ColumnElement[bool]]:
    where = [BestaandeSubsidie.tenant == tenant, visible(caller)]
    if criteria.get("jaar") is not None:
        where.append(BestaandeSubsidie.jaar == criteria["jaar"])
    for name in ("regeling", "beleidsterrein", "periodiciteit"):
        if criteria.get(name):
            where.append(getattr(BestaandeSubsidie, name) == criteria[name])
    if criteria.get("aanvrager"):
        where.append(BestaandeSubsidie.aanvrager_sleutel == register.sleutel(criteria["aanvrager"]))
    if criteria.get("zoek"):
        pattern = "%" + criteria["zoek"].replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%"
        texts = [BestaandeSubsidie.regeling, BestaandeSubsidie.dossiernummer, BestaandeSubsidie.beleidsterrein]
        if not caller.is_partner:
            texts += [BestaandeSubsidie.aanvrager, BestaandeSubsidie.projectnaam]
        where.append(or_(*(t.ilike(pattern) for t in texts)))
    return where


def dossiers(tenant: str, caller: Caller, criteria: dict[str, Any]) -> Select[BestaandeSubsidie]:
    """The query of the dossiers a caller may see that meet the criteria (for a page of it)."""
    return (
        select(BestaandeSubsidie)
        .where(*_filters(tenant, caller, criteria))
        .order_by(BestaandeSubsidie.jaar.desc(), BestaandeSubsidie.dossiernummer)
    )


async def totals(
    session: AsyncSession, tenant: str, caller: Caller, per: str, criteria: dict[str, Any]
) -> list[Totaal]:
    """What was asked, granted and settled per applicant (or scheme) and year."""
    column = BestaandeSubsidie.aanvrager if per == "aanvrager" else BestaandeSubsidie.regeling
    shown = func.coalesce(column, "(onbekend)")
    query = (
        select(
            shown,
            BestaandeSubsidie.jaar,
            func.count(),
            func.sum(BestaandeSubsidie.aangevraagd_cent),
            func.sum(BestaandeSubsidie.verleend_cent),
            func.sum(BestaandeSubsidie.vastgesteld_cent),
        )
        .where(*_filters(tenant, caller, criteria))
        .group_by(shown, BestaandeSubsidie.jaar)
        .order_by(shown, BestaandeSubsidie.jaar)
    )
    return [
        Totaal(naam=naam, jaar=jaar, dossiers=n, aangevraagdCent=a or 0, verleendCent=v or 0, vastgesteldCent=s or 0)
        for naam, jaar, n, a, v, s in await session.execute(query)
    ]


async def comparison(session: AsyncSession, tenant: str, uitvraag_id: Any) -> list[VergelijkingRead]:
    """Each application of a call beside what its applicant already receives by the register (`002_…`: "bestaande
    subsidies beter benutten"): the dossiers per year, granted in all, the schemes and whether any is periodic."""
    uitvraag = await session.get(Uitvraag, uitvraag_id)
    if uitvraag is None or uitvraag.tenant != tenant:
        raise NotFound("Call not found.")
    aanvragen = list(
        await session.scalars(
            select(Aanvraag)
            .where(Aanvraag.tenant == tenant, Aanvraag.uitvraag_id == uitvraag_id)
            .order_by(Aanvraag.partner)
        )
    )
    keys = {register.sleutel(a.partner) for a in aanvragen}
    found: dict[str, list[BestaandeSubsidie]] = defaultdict(list)
    if keys:
        query = select(BestaandeSubsidie).where(
            BestaandeSubsidie.tenant == tenant, BestaandeSubsidie.aanvrager_sleutel.in_(keys)
        )
        for row in await session.scalars(query.order_by(BestaandeSubsidie.jaar, BestaandeSubsidie.dossiernummer)):
            found[row.aanvrager_sleutel].append(row)
    result = []
    for aanvraag in aanvragen:
        earlier = found.get(register.sleutel(aanvraag.partner), [])
        per_year: dict[int, int] = defaultdict(int)
        for row in earlier:
            per_year[row.jaar] += row.verleend_cent or 0
        result.append(
            VergelijkingRead(
                aanvraagId=aanvraag.id,
                partner=aanvraag.partner,
                titel=aanvraag.titel,
                bedragCent=aanvraag.bedrag_cent,
                status=aanvraag.status,
                bestaandeDossiers=len(earlier),
                verleendPerJaar={str(j): c for j, c in sorted(per_year.items())},
                regelingen=sorted({r.regeling for r in earlier}),
                periodiek=any(r.periodiciteit == "periodiek" for r in earlier),
            )
        )
    return result
