"""Composite indices per area and period (ouderenindex, kinderindex, jongerenindex).

Each component is an indicator's value or a ratio (teller / noemer × factor) per area. Over the areas of one level
(buurten or wijken) in one period each component is normalised min-max to 0–100 (100 = best, so a
`lager-is-beter` component is turned around; where all areas are equal, 50); the index of an area is the weighted
mean of the normalised components it has a value for. Definitions are versioned: an update adds a version, and a
result names the version it used.
"""

from __future__ import annotations

import uuid
from decimal import Decimal

from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession
from stuurcyclus_common.db import starts_with
from stuurcyclus_common.errors import Conflict, InvalidParam, NotFound, Unprocessable
from stuurcyclus_common.identity import Caller

from ..gebieden import service as gebieden
from ..models import IndexDefinitie, Indicator, Meting
from ..shared.provenance import measurements_for
from .schemas import Component, IndexOnderdeel, IndexUitkomst, IndexWaarde

HUNDRED = Decimal(100)


async def _check(session: AsyncSession, tenant: str, componenten: list[Component]) -> None:
    known = set(await session.scalars(select(Indicator.code).where(Indicator.tenant == tenant)))
    problems = []
    for i, component in enumerate(componenten):
        single = component.indicator is not None and component.teller is None and component.noemer is None
        ratio = component.indicator is None and component.teller is not None and component.noemer is not None
        if not (single or ratio):
            reason = "either an indicator, or a teller and a noemer"
            problems.append(InvalidParam(name=f"componenten.{i}", code="shape", reason=reason))
        problems += [
            InvalidParam(name=f"componenten.{i}", code="unknown", reason=f"no indicator {code!r}")
            for code in component.codes()
            if code not in known
        ]
    if problems:
        raise Unprocessable(
            "The index definition refers to what is not there.", code="index_ongeldig", invalid_params=problems
        )


async def latest(session: AsyncSession, tenant: str, code: str, versie: int | None = None) -> IndexDefinitie:
    query = select(IndexDefinitie).where(IndexDefinitie.tenant == tenant, IndexDefinitie.code == code)
    query = query.where(IndexDefinitie.versie == versie) if versie else query.order_by(IndexDefinitie.versie.desc())
    found = await session.scalar(query.limit(1))
    if found is None:
        raise NotFound(f"Index {code!r}{f' version {versie}' if versie else ''} does not exist in {tenant}.")
    return found


async def versions(session: AsyncSession, tenant: str, code: str) -> list[IndexDefinitie]:
    query = select(IndexDefinitie).where(IndexDefinitie.tenant == tenant, IndexDefinitie.code == code)
    rows = list(await session.scalars(query.order_by(IndexDefinitie.versie)))
    if not rows:
        raise NotFound(f"Index {code!r} does not exist in {tenant}.")
    return rows


async def define(
    session: AsyncSession, tenant: str, code: str, *, naam: str, componenten: list[Component], new: bool
) -> IndexDefinitie:
    await _check(session, tenant, componenten)
    current = await session.scalar(
        select(func.max(IndexDefinitie.versie)).where(IndexDefinitie.tenant == tenant, IndexDefinitie.code == code)
    )
    if new and current:
        raise Conflict(f"Index {code!r} exists; update it to add a version.", code="bestaat_al")
    if not new and not current:
        raise NotFound(f"Index {code!r} does not exist in {tenant}.")
    definition = IndexDefinitie(
        id=uuid.uuid4(),
        tenant=tenant,
        code=code,
        versie=(current or 0) + 1,
        naam=naam,
        componenten=[c.model_dump(mode="json", by_alias=True, exclude_none=True) for c in componenten],
    )
    session.add(definition)
    await session.flush()
    return definition


async def compute(
    session: AsyncSession,
    tenant: str,
    definition: IndexDefinitie,
    *,
    periode: str,
    niveau: str,
    caller: Caller | None = None,
    gewogen_door: str | None = None,
) -> IndexUitkomst:
    """The index per area: each component's raw value (an indicator's, or a ratio such as observed / expected),
    normalised min-max to 0–100 over the areas, the weighted mean of the scores (`waarde`) and of the raw values
    (`ruw`). At wijk level with `gewogen_door` (a denominator indicator, e.g. inhabitants) a wijk's raw values are
    its buurten's, weighted by that indicator's buurt values, instead of values measured for the wijk."""
    componenten = [Component.model_validate(c) for c in definition.componenten]
    codes = sorted({code for c in componenten for code in c.codes()} | ({gewogen_door} if gewogen_door else set()))
    from_buurten = niveau == "wijk" and gewogen_door is not None
    prefix = "BU" if niveau == "buurt" or from_buurten else "WK"
    rows = await session.execute(
        select(Indicator.code, Meting.gebied, Meting.waarde)
        .join(Indicator, Indicator.id == Meting.indicator_id)
        .where(
            Meting.tenant == tenant,
            Meting.actueel,
            Meting.periode == periode,
            starts_with(Meting.gebied, prefix),
            Indicator.code.in_(codes),
            measurements_for(caller),
        )
    )
    values: dict[str, dict[str, Decimal]] = {}
    for code, gebied, waarde in rows:
        values.setdefault(code, {})[gebied] = waarde
    raws = [(component, _raw(component, values)) for component in componenten]
    if from_buurten:
        weights = values.get(gewogen_door, {})  # type: ignore[arg-type]
        raws = [(component, _to_wijken(raw, weights)) for component, raw in raws]
    areas = sorted({g for _, raw in raws for g in raw})
    parts: dict[str, list[IndexOnderdeel]] = {g: [] for g in areas}
    for number, (component, raw) in enumerate(raws, start=1):
        if not raw:
            continue
        low, high = min(raw.values()), max(raw.values())
        for gebied, value in raw.items():
            score = HUNDRED / 2 if high == low else (value - low) / (high - low) * HUNDRED
            if component.richting == "lager-is-beter":
                score = HUNDRED - score
            parts[gebied].append(
                IndexOnderdeel(
                    onderdeel=number,
                    ruw=value.quantize(Decimal("0.000001")),
                    score=score.quantize(Decimal("0.01")),
                    gewicht=component.gewicht,
                )
            )
    named = await gebieden.names(session, tenant, set(areas))
    return IndexUitkomst(
        code=definition.code,
        versie=definition.versie,
        periode=periode,
        niveau=niveau,
        gewogenDoor=gewogen_door if from_buurten else None,
        waarden=[_value(g, named.get(g), parts[g]) for g in areas],
    )


def _value(gebied: str, naam: str | None, parts: list[IndexOnderdeel]) -> IndexWaarde:
    weight = sum(p.gewicht for p in parts)
    mean = (lambda key: sum(getattr(p, key) * p.gewicht for p in parts) / weight) if weight else None
    return IndexWaarde(
        gebied=gebied,
        naam=naam,
        waarde=mean("score").quantize(Decimal("0.01")) if mean else None,
        ruw=mean("ruw").quantize(Decimal("0.000001")) if mean else None,
        componenten=len(parts),
        onderdelen=parts,
    )


def _to_wijken(raw: dict[str, Decimal], weights: dict[str, Decimal]) -> dict[str, Decimal]:
    """Buurt values to wijk values, weighted: Σ(value × weight) / Σ weight over the buurten with both."""
    totals: dict[str, list[Decimal]] = {}
    for buurt, value in raw.items():
        weight = weights.get(buurt)
        if weight:
            total = totals.setdefault(f"WK{buurt[2:8]}", [Decimal(0), Decimal(0)])
            total[0] += value * weight
            total[1] += weight
    return {wijk: t[0] / t[1] for wijk, t in totals.items() if t[1]}


def _raw(component: Component, values: dict[str, dict[str, Decimal]]) -> dict[str, Decimal]:
    if component.indicator:
        return dict(values.get(component.indicator, {}))
    teller, noemer = values.get(component.teller or "", {}), values.get(component.noemer or "", {})
    return {g: teller[g] / noemer[g] * component.factor for g in teller if noemer.get(g)}
