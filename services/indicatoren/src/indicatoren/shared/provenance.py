"""What of the measurements a caller may see: a partner sees municipal and public values (provenance `gemeente`,
`cbs`) and its own, never what another partner reported — also not folded into a course, an aggregate or an index.

Every read of measurements (and of observations, which name their source) goes through `measurements_for` /
`observations_for`, so a new read path is scoped the same way without anyone remembering it.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import or_, true
from stuurcyclus_common.identity import Caller

from ..models import Meting, Waarneming


def measurements_for(caller: Caller | None) -> Any:
    """The condition on `Meting` rows that `caller` may see (None: the service itself, everything)."""
    if caller is None or not caller.is_partner:
        return true()
    return partner_measurements(caller.organisatie)


def partner_measurements(organisatie: Any) -> Any:
    """What a partner sees: every value but other partners'. `organisatie` is the partner's name, or in a prepared
    read (`reads.py`) a bind parameter, so that the statement compiled once never holds one partner's name."""
    return or_(Meting.herkomst != "partner", Meting.leverancier == organisatie)


def observations_for(caller: Caller | None) -> Any:
    """The condition on `Waarneming` rows that `caller` may see: a partner's notes are its own business."""
    if caller is None or not caller.is_partner:
        return true()
    return or_(Waarneming.bron != "partner", Waarneming.bron_naam == caller.organisatie)
