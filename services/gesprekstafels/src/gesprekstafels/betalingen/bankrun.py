"""The subsidy administration's bank run: a CSV of steps, every line applied or none, idempotent by its content.

A file may carry successive steps of one payment (`verzonden`, then `betaald`) in their order; a line whose step the
payment has already taken with the same content (a file sent again after a time-out, with or without an
`Idempotency-Key`) changes nothing and says so (`al_verwerkt`); the same step with other content (another date or
reference) is refused on its line, never silently overwritten.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass

from pydantic import ValidationError
from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession
from stuurcyclus_common import tabular
from stuurcyclus_common.errors import Conflict, InvalidParam, Unprocessable, line_params
from stuurcyclus_common.identity import Caller

from ..models import Betaling
from ..shared.rules import unprocessable
from . import schemas
from .ledger import apply, segregated
from .steps import MAY_TAKE, TRANSITIONS

BANK_RUN_COLUMNS = ("betalingid", "status", "bedrag")


BANK_RUN_STEPS = ("verzonden", "betaald")


#: Who may book a bank run: whoever may take both of its steps.
BANK_RUN_ROLES = MAY_TAKE["verzonden"] & MAY_TAKE["betaald"]


@dataclass
class Regel:
    """One line of the file and what became of it."""

    regel: int
    betaling: Betaling
    data: schemas.BetalingStatusCreate
    uitkomst: str  # verwerkt / al_verwerkt


def _earlier(betaling: Betaling, status: str) -> dict | None:
    return next((s for s in betaling.stappen if s.get("status") == status), None)


def _same_content(step: dict, data: schemas.BetalingStatusCreate) -> str | None:
    """Why an earlier step differs from the line (its date or reference), or None when the line repeats it."""
    if data.datum is not None and step.get("datum") and step["datum"] != data.datum.isoformat():
        return f"it was {data.status} on {step['datum']}, the file says {data.datum.isoformat()}"
    if data.kenmerk and step.get("kenmerk") and step["kenmerk"] != data.kenmerk:
        return f"it was {data.status} with reference {step['kenmerk']}, the file says {data.kenmerk}"
    return None


async def bank_run(session: AsyncSession, tenant: str, caller: Caller, text: str) -> list[Regel]:
    """The subsidy administration's bank run as CSV (Dutch Excel or plain): columns `betalingId`, `status`
    (`verzonden` or `betaald`), `bedrag` (euros, checked against the ledger), optional `datum` and `kenmerk`. All lines
    or none: every refusal names its line and column."""
    header, rows = tabular.rows_of(text)
    missing = [c for c in BANK_RUN_COLUMNS if c not in header]
    if missing:
        raise unprocessable("header", f"the file needs the columns {', '.join(BANK_RUN_COLUMNS)}", "kolommen_ontbreken")
    problems: list[InvalidParam] = []
    lines: list[Regel] = []
    payments: dict[uuid.UUID, Betaling] = {}
    status_in_file: dict[uuid.UUID, str] = {}  # each payment's status as the file's earlier lines leave it
    steps_in_file: set[tuple[uuid.UUID, str]] = set()

    def fail(line: int, column: str, reason: str, code: str) -> None:
        problems.append(InvalidParam(name=f"regels[{line}].{column}", code=code, reason=reason))

    for line, row in rows:
        try:
            betaling_id = uuid.UUID(row.get("betalingid", ""))
        except ValueError:
            fail(line, "betalingId", f"{row.get('betalingid')!r} is not a payment id", "invalid")
            continue
        betaling = payments.get(betaling_id) or await session.scalar(
            select(Betaling).where(Betaling.tenant == tenant, Betaling.id == betaling_id).with_for_update()
        )
        if betaling is None:
            fail(line, "betalingId", f"there is no payment {betaling_id} in {tenant}", "unknown")
            continue
        payments[betaling_id] = betaling
        status = row.get("status", "").lower()
        if status not in BANK_RUN_STEPS:
            fail(line, "status", "a bank run marks payments `verzonden` or `betaald`", "invalid")
            continue
        if (betaling_id, status) in steps_in_file:
            fail(line, "status", f"the same step ({status}) of one payment twice in one run", "duplicate")
            continue
        steps_in_file.add((betaling_id, status))
        try:
            amount = tabular.cents(row.get("bedrag", ""))
            datum = tabular.day(row["datum"]) if row.get("datum") else None
        except ValueError as exc:
            fail(line, "datum" if "date" in str(exc) else "bedrag", str(exc), "invalid")
            continue
        if amount != betaling.bedrag_cent:
            fail(line, "bedrag", f"the ledger says {betaling.bedrag_cent} cents, the file {amount}", "differs")
            continue
        try:
            data = schemas.BetalingStatusCreate(status=status, datum=datum, kenmerk=row.get("kenmerk") or None)
        except ValidationError as exc:  # e.g. a reference longer than a bank's: refused on its line, never a 500
            problems.extend(line_params(exc, line))
            continue
        earlier = _earlier(betaling, status)
        if earlier is not None:  # taken before this file: a repeat changes nothing, a different one is refused
            if differs := _same_content(earlier, data):
                fail(line, "status", f"payment {betaling.id}: {differs}", "differs")
            else:
                lines.append(Regel(line, betaling, data, "al_verwerkt"))
            continue
        current = status_in_file.get(betaling_id, betaling.status)
        if status not in TRANSITIONS[current]:
            allowed = ", ".join(sorted(TRANSITIONS[current])) or "nothing"
            fail(line, "status", f"payment {betaling.id} is {current}; it cannot become {status} (only: {allowed})",
                 "ongeldige_overgang")  # fmt: skip
            continue
        try:
            segregated(betaling, caller, status)
        except Conflict as exc:  # the same person authorised it
            fail(line, "status", exc.detail, "functiescheiding")
            continue
        status_in_file[betaling_id] = status
        lines.append(Regel(line, betaling, data, "verwerkt"))
    if problems or not lines:
        raise Unprocessable(
            f"The bank run was not booked: {len(problems)} line(s) refused." if problems else "The file has no lines.",
            code="bankrun_geweigerd",
            invalid_params=problems or [InvalidParam(name="regels", code="empty", reason="no lines")],
        )
    for regel in lines:
        if regel.uitkomst == "verwerkt":
            await apply(session, regel.betaling, caller, regel.data)
    return lines
