"""The legal moves of an application's status: one table, read by every rule that moves or counts one."""

from __future__ import annotations

from stuurcyclus_common.contracts.gesprekstafels import AanvraagStatus

__all__ = ["CHANGEABLE", "HOLDS_MONEY", "OPEN_STATUSES", "TRANSITIONS", "AanvraagStatus"]

S = AanvraagStatus
#: Which status may follow which (anything else is refused, naming the status). Back to `concept` is staff returning
#: it for revision (`terugsturing`); a partner may change its submitted application until it is taken into review.
TRANSITIONS: dict[AanvraagStatus, frozenset[AanvraagStatus]] = {
    S.CONCEPT: frozenset({S.INGEDIEND, S.INGETROKKEN}),
    S.INGEDIEND: frozenset({S.IN_BEHANDELING, S.AFGEWEZEN, S.INGETROKKEN, S.CONCEPT}),
    S.IN_BEHANDELING: frozenset({S.VOORGESTELD, S.AFGEWEZEN, S.INGETROKKEN, S.CONCEPT}),
    S.VOORGESTELD: frozenset({S.TOEGEKEND, S.AFGEWEZEN, S.INGETROKKEN}),
    S.TOEGEKEND: frozenset({S.VASTGESTELD, S.INGETROKKEN}),
}
#: The applicant may change it (PATCH) in these.
CHANGEABLE = (S.CONCEPT, S.INGEDIEND)
#: Waiting for the municipality's proposal, in the call's order.
OPEN_STATUSES = (S.INGEDIEND, S.IN_BEHANDELING)
#: Counted against a call's (sub-)ceiling: proposed, granted or settled.
HOLDS_MONEY = (S.VOORGESTELD, S.TOEGEKEND, S.VASTGESTELD)


def may_move(van: str, naar: str) -> bool:
    """Whether an application in status `van` may move to `naar`."""
    return naar in TRANSITIONS.get(AanvraagStatus(van), frozenset())
