"""The legal moves of an accountability report: one table, read by every rule that moves one.

ingediend ──replace──▶ ingediend (a new version)        partner, until staff assess it
ingediend ──return───▶ teruggestuurd (reason, deadline)  policy staff; open to the partner again
teruggestuurd ─replace▶ ingediend                        partner
ingediend / teruggestuurd ──withdraw──▶ ingetrokken      partner; a new report may follow (a new version)
ingetrokken ──submit──▶ ingediend                        partner
ingediend ──assess───▶ beoordeeld                        policy staff, or the settlement; final
"""

from __future__ import annotations

from stuurcyclus_common.contracts.gesprekstafels import VerantwoordingStatus

__all__ = ["CHANGEABLE", "TRANSITIONS", "VerantwoordingStatus"]

S = VerantwoordingStatus
TRANSITIONS: dict[VerantwoordingStatus, frozenset[VerantwoordingStatus]] = {
    S.INGEDIEND: frozenset({S.INGEDIEND, S.TERUGGESTUURD, S.INGETROKKEN, S.BEOORDEELD}),
    S.TERUGGESTUURD: frozenset({S.INGEDIEND, S.INGETROKKEN}),
    S.INGETROKKEN: frozenset({S.INGEDIEND}),
    S.BEOORDEELD: frozenset(),
}
#: The partner may replace the report in these states (a PUT).
CHANGEABLE = (S.INGEDIEND, S.TERUGGESTUURD)
#: A grant may be settled on a report in these states.
SETTLEABLE = (S.INGEDIEND, S.BEOORDEELD)


def may_move(van: str, naar: str) -> bool:
    return VerantwoordingStatus(naar) in TRANSITIONS.get(VerantwoordingStatus(van), frozenset())
