"""The data of a map: the register's areas of a kind valid in the period's year, with their outlines, and the
indicator's current value for each in that period (municipality's, CBS's or a partner's alike)."""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession
from stuurcyclus_common import kaart as svg
from stuurcyclus_common import perioden
from stuurcyclus_common.errors import NotFound
from stuurcyclus_common.identity import Caller

from ..gebieden.service import valid_in
from ..models import Gebied, Meting
from ..shared import service as shared_service
from ..shared.provenance import measurements_for


async def choropleth(
    session: AsyncSession, tenant: str, code: str, periode: str, soort: str, caller: Caller | None
) -> tuple[str, list[svg.Area]]:
    """The map as SVG, and its areas with their values (the table beside it). A partner's map shows what it may see
    of the measurements (`provenance`): another partner's values are "geen gegevens" to it."""
    indicator = await shared_service.get_indicator(session, tenant, code)
    jaar = perioden.parse(periode)[1].year
    rows = list(
        await session.scalars(
            select(Gebied)
            .where(Gebied.tenant == tenant, Gebied.soort == soort, Gebied.omtrek.is_not(None), valid_in(jaar))
            .order_by(Gebied.code, Gebied.geldig_van.desc())
        )
    )
    latest: dict[str, Gebied] = {}
    for row in rows:  # a code valid in several registers of that year: the latest register's row
        latest.setdefault(row.code, row)
    if not latest:
        raise NotFound(f"No {soort} of {tenant} with an outline in the register for {jaar}: load CBS's map first.")
    values = dict(
        (
            await session.execute(
                select(Meting.gebied, Meting.waarde).where(
                    Meting.tenant == tenant,
                    Meting.indicator_id == indicator.id,
                    Meting.periode == periode,
                    Meting.actueel,
                    Meting.gebied.in_(list(latest)),
                    measurements_for(caller),
                )
            )
        ).all()
    )
    areas = [svg.Area(code, row.naam, row.omtrek or {}, values.get(code)) for code, row in latest.items()]
    bron = "Kaart: CBS, Wijk- en buurtkaart"
    return svg.indicator_map(indicator.naam, indicator.eenheid, soort, periode, areas, bron), areas
