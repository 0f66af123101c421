"""Renderings (HTML, PDF) of a report kept per data version: a report whose data did not change is rendered once.

Rendering the PDF costs a few hundred milliseconds (fonts, layout, subsetting), building the report a few tens. The
report's `dataversie` is a hash of everything it shows, and a draft carries no moment of its own (the moment of reading
is no part of it), so two requests with the same data version render the same bytes in every process: the same `ETag`,
and a reader's `If-None-Match` gets `304 Not Modified`. A published report is keyed by its publication moment as well.
"""

from __future__ import annotations

import threading
from collections import OrderedDict
from collections.abc import Callable

from stuurcyclus_common.metrics import REPORT_SECONDS

from .schemas import Halfjaarrapportage

#: Renderings kept per process (a PDF is ~120 KiB): the latest reports of the municipalities this process serves.
KEPT = 64

_kept: OrderedDict[tuple, bytes] = OrderedDict()
_lock = threading.Lock()


def rendering(report: Halfjaarrapportage, formaat: str, frozen: bool, render: Callable[[], bytes]) -> bytes:
    """The rendering of `report` as `formaat`, from the cache when its data version was rendered before."""
    key = (report.gemeente, report.periode, report.dataversie, report.vastgesteld_op if frozen else None, formaat)
    with _lock:
        found = _kept.get(key)
        if found is not None:
            _kept.move_to_end(key)
            return found
    with REPORT_SECONDS.labels(formaat).time():  # only a real rendering is timed, not a kept one
        made = render()
    with _lock:
        _kept[key] = made
        while len(_kept) > KEPT:
            _kept.popitem(last=False)
    return made
