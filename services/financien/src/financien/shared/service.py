"""What the sub-domains' rules share: an amount as cents and EUR mln."""

from __future__ import annotations

from stuurcyclus_common.charts import mln
from stuurcyclus_common.nlformat import euro

from .schemas import Bedrag


def bedrag(cent: int) -> Bedrag:
    """Cents, and € mln with two decimals (half to even) for display."""
    return Bedrag(cent=cent, tekst=euro(cent), mln=mln(cent))
