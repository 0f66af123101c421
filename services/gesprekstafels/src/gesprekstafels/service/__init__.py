"""Rules of the gesprekstafels service, a module per sub-domain: `tafels` (tables and outcomes), `uitvraag` (the
call), `aanvragen` (applications and their statuses), `besluiten` (proposals and decisions), `verantwoording`
(reports and settlement), `mandaten` (who may decide how much; four eyes), `betalingen` (the payment schedule,
the ledger, the bank run, SiSa), `opendata` (360Giving), `inzage` (reading them), `tussenrapportage` (the interim
report and deadlines); `common` holds what they share. Everything is re-exported here, so a route calls
`service.grant(…)` wherever it lives.

Functions only flush; the request's (or event's) transaction commits once. Every status change of an application
goes through `aanvragen.transition` (legal moves only, logged in `statuswijziging`); every decision is a `Besluit`
row and a `besluit.genomen` event for the subsidy administration. A partner sees and changes only its own
applications, reports and payments: `Caller.require_own` guards every one of them here, in the service.
"""

from __future__ import annotations

from . import betalingen, mandaten, opendata
from .aanvragen import create_aanvraag, get_aanvraag, log_status, start_review, submit, transition, update_aanvraag, who
from .besluiten import decide, grant, on_reservation_answer, propose, reject, reject_by_municipality, withdraw
from .common import HOLDS_MONEY, OPEN_STATUSES, TRANSITIONS, emit, known_ambitie, row_of, unprocessable
from .inzage import aanvraag_reads, get_besluit, history, list_aanvragen, list_besluiten
from .tafels import add_uitkomst, create_tafel, list_tafels, ordered_outcomes, tafel_read, update_tafel
from .tussenrapportage import termijnen, tussenrapportage
from .uitvraag import (
    close_calls,
    closed_reason,
    create_uitvraag,
    current_plafond,
    list_uitvragen,
    publish_uitvraag,
    uitvraag_read,
)
from .verantwoording import get_report, settle, submit_report, toekenningsbesluit

__all__ = [
    "betalingen",
    "mandaten",
    "opendata",
    "HOLDS_MONEY",
    "OPEN_STATUSES",
    "TRANSITIONS",
    "aanvraag_reads",
    "add_uitkomst",
    "close_calls",
    "closed_reason",
    "create_aanvraag",
    "create_tafel",
    "create_uitvraag",
    "current_plafond",
    "decide",
    "emit",
    "get_aanvraag",
    "get_besluit",
    "get_report",
    "grant",
    "history",
    "known_ambitie",
    "list_aanvragen",
    "list_besluiten",
    "list_tafels",
    "list_uitvragen",
    "log_status",
    "on_reservation_answer",
    "ordered_outcomes",
    "propose",
    "publish_uitvraag",
    "reject",
    "reject_by_municipality",
    "row_of",
    "settle",
    "start_review",
    "submit",
    "submit_report",
    "tafel_read",
    "termijnen",
    "toekenningsbesluit",
    "transition",
    "tussenrapportage",
    "uitvraag_read",
    "unprocessable",
    "update_aanvraag",
    "update_tafel",
    "who",
    "withdraw",
]
