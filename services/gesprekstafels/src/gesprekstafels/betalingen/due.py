"""Falling due: the worker announces once when a payment's day has come (`betaling.opeisbaar`), for the subsidy
administration."""

from __future__ import annotations

import asyncio
import contextlib
from datetime import UTC, date, datetime

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession
from stuurcyclus_common.db import Database
from stuurcyclus_common.deadlines import today
from stuurcyclus_common.logs import get_logger

from ..models import Betaling
from .ledger import announce
from .steps import due_clause

log = get_logger(__name__)


async def announce_due(session: AsyncSession, vandaag: date | None = None, limit: int = 500) -> int:
    """Announce, once each, the payments whose day has come and that are not sent yet; several workers may run this
    at once (rows are claimed with SKIP LOCKED)."""
    due = list(
        await session.scalars(
            select(Betaling)
            .where(due_clause(vandaag or today()), Betaling.opeisbaar_gemeld_op.is_(None))
            .order_by(Betaling.vervaldatum)
            .limit(limit)
            .with_for_update(skip_locked=True)
        )
    )
    for betaling in due:
        betaling.opeisbaar_gemeld_op = datetime.now(UTC)
        await announce(session, betaling, status="opeisbaar")
    await session.flush()
    return len(due)


def due_payments_loop(interval: float):  # noqa: ANN201  (a worker background loop)
    """The worker's loop that announces falling-due payments every `interval` seconds."""

    async def loop(database: Database, stop: asyncio.Event) -> None:
        while not stop.is_set():
            try:
                async with database.sessionmaker() as session, session.begin():
                    count = await announce_due(session)
                if count:
                    log.info("payments_due_announced", count=count)
            except Exception as exc:  # the database away: try again next round
                log.warning("payments_due_failed", error=str(exc) or repr(exc))
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(stop.wait(), timeout=interval)

    return loop
