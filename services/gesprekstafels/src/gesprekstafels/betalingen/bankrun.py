"""The subsidy administration's bank run: a CSV of steps, every line applied or none."""

from __future__ import annotations

import uuid

from pydantic import ValidationError
from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession
from stuurcyclus_common import tabular
from stuurcyclus_common.errors import Conflict, InvalidParam, Unprocessable, line_params
from stuurcyclus_common.identity import Caller

from ..models import Betaling
from ..shared.rules import unprocessable
from . import schemas
from .ledger import apply, check_transition, segregated
from .steps import MAY_TAKE

BANK_RUN_COLUMNS = ("betalingid", "status", "bedrag")


BANK_RUN_STEPS = ("verzonden", "betaald")


#: Who may book a bank run: whoever may take both of its steps.
BANK_RUN_ROLES = MAY_TAKE["verzonden"] & MAY_TAKE["betaald"]


async def bank_run(session: AsyncSession, tenant: str, caller: Caller, text: str) -> list[Betaling]:
    """The subsidy administration's bank run as CSV (Dutch Excel or plain): columns `betalingId`, `status`
    (`verzonden` or `betaald`), `bedrag` (euros, checked against the ledger), optional `datum` and `kenmerk`. All lines
    or none: every refusal names its line and column."""
    header, rows = tabular.rows_of(text)
    missing = [c for c in BANK_RUN_COLUMNS if c not in header]
    if missing:
        raise unprocessable("header", f"the file needs the columns {', '.join(BANK_RUN_COLUMNS)}", "missing_columns")
    problems: list[InvalidParam] = []
    planned: list[tuple[Betaling, schemas.BetalingStatusCreate]] = []
    seen: set[uuid.UUID] = set()

    def fail(line: int, column: str, reason: str, code: str) -> None:
        problems.append(InvalidParam(name=f"regels[{line}].{column}", code=code, reason=reason))

    for line, row in rows:
        try:
            betaling_id = uuid.UUID(row.get("betalingid", ""))
        except ValueError:
            fail(line, "betalingId", f"{row.get('betalingid')!r} is not a payment id", "invalid")
            continue
        if betaling_id in seen:
            fail(line, "betalingId", "the same payment twice in one run", "duplicate")
            continue
        seen.add(betaling_id)
        betaling = await session.scalar(
            select(Betaling).where(Betaling.tenant == tenant, Betaling.id == betaling_id).with_for_update()
        )
        if betaling is None:
            fail(line, "betalingId", f"there is no payment {betaling_id} in {tenant}", "unknown")
            continue
        status = row.get("status", "").lower()
        if status not in BANK_RUN_STEPS:
            fail(line, "status", "a bank run marks payments `verzonden` or `betaald`", "invalid")
            continue
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
        try:
            check_transition(betaling, data)
        except Conflict as exc:
            fail(line, "status", exc.detail, "ongeldige_overgang")
            continue
        try:
            segregated(betaling, caller, data.status)
        except Conflict as exc:
            fail(line, "status", exc.detail, "functiescheiding")
            continue
        planned.append((betaling, data))
    if problems or not planned:
        raise Unprocessable(
            f"The bank run was not booked: {len(problems)} line(s) refused." if problems else "The file has no lines.",
            code="bankrun_geweigerd",
            invalid_params=problems or [InvalidParam(name="regels", code="empty", reason="no lines")],
        )
    for betaling, data in planned:
        await apply(session, betaling, caller, data)
    return [b for b, _ in planned]
