"""HTTP routes of the gesprekstafels service, under /api/v1/gesprekstafels: a module per sub-domain.

`cyclus` (the year's phases, deadlines, interim report), `tafels`, `uitvraag`, `aanvragen`, `besluiten` (proposals,
decisions, settlement), `mandaten` (who may decide how much, four eyes), `verantwoording`, `betalingen` (schedule,
ledger, bank run, SiSa) and `opendata` (360Giving). A partner organisation (role `partner` in its token, with its
`organisatie`) reads the cycle, tables and calls, and works on its own applications, reports and payments only;
deciding and directing is for the municipality's staff (each rule in `service`).
"""

from __future__ import annotations

from . import aanvragen, besluiten, betalingen, cyclus, mandaten, opendata, tafels, uitvraag, verantwoording  # noqa: F401
from .common import router

routers = [router, betalingen.router]
