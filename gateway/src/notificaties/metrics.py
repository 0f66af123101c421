"""notificaties' own metrics: webhook deliveries by state, the parked ones an operator must look at."""

from __future__ import annotations

from typing import Any

from prometheus_client import Gauge
from sqlalchemy import func, select
from stuurcyclus_common.metrics import REGISTRY

from .models import Aflevering

DELIVERIES = Gauge(
    "stuurcyclus_webhook_deliveries",
    "Webhook deliveries by state (wachtend, afgeleverd, geparkeerd, …); a parked one waits for an operator.",
    ["state"],
    registry=REGISTRY,
)


async def deliveries(app: Any) -> None:
    query = select(Aflevering.status, func.count()).group_by(Aflevering.status)
    async with app.state.database.read_sessionmaker() as session:
        counts = dict((await session.execute(query)).all())
    for state in {"wachtend", "afgeleverd", "geparkeerd", *counts}:
        DELIVERIES.labels(state).set(counts.get(state, 0))
