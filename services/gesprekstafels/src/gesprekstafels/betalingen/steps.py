"""The ledger's rules, without a database: which step follows which, who takes it, and when a payment is due.

Every advance, final payment (*nabetaling*) and reclaim (*terugvordering*) is a `Betaling`: `gepland` →
`geautoriseerd` (the municipality releases it) → `verzonden` → `betaald` (the subsidy administration's bank run), or
`geannuleerd` before it was sent. A payment is *due* (`opeisbaar`) from its day on while it is not sent: one definition
(`is_due` for a row, `due_clause` for a query) for the read body, the list filter and the worker's announcement.
"""

from __future__ import annotations

from datetime import date, timedelta

from sqlalchemy import ColumnElement, and_
from stuurcyclus_common.auth import FINANCE_STAFF, INTEGRATORS, POLICY_STAFF
from stuurcyclus_common.contracts.gesprekstafels import BetalingStatus

from ..models import Betaling

S = BetalingStatus
#: Which step may follow which.
TRANSITIONS: dict[str, set[str]] = {
    "gepland": {"geautoriseerd", "geannuleerd"},
    "geautoriseerd": {"verzonden", "geannuleerd"},
    "verzonden": {"betaald"},
    "betaald": set(),
    "geannuleerd": set(),
}


#: Who may take each step: the municipality releases and cancels, the subsidy administration sends and books.
MAY_TAKE: dict[str, frozenset[str]] = {
    "geautoriseerd": POLICY_STAFF | FINANCE_STAFF,
    "verzonden": INTEGRATORS | FINANCE_STAFF,
    "betaald": INTEGRATORS | FINANCE_STAFF,
    "geannuleerd": POLICY_STAFF | FINANCE_STAFF,
}


OPEN = ("gepland", "geautoriseerd")


PAID_OUT = ("verzonden", "betaald")


PAYOUTS = ("voorschot", "nabetaling")


#: A sum of money is due six weeks after the decision that sets it (Algemene wet bestuursrecht, art. 4:87).
PAYMENT_TERM = timedelta(weeks=6)


def is_due(status: str, vervaldatum: date, vandaag: date) -> bool:
    """Due: its day has come and it is not sent yet (nor cancelled)."""
    return status in OPEN and vervaldatum <= vandaag


def due_clause(vandaag: date) -> ColumnElement[bool]:
    """`is_due` as a query condition on `Betaling`."""
    return and_(Betaling.status.in_(OPEN), Betaling.vervaldatum <= vandaag)
