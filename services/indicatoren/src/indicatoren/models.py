"""Tables of the indicatoren schema."""

from __future__ import annotations

import uuid
from datetime import datetime

from sqlalchemy import DateTime, Integer, String, func
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column
from stuurcyclus_common.db import TenantMixin, make_metadata
from stuurcyclus_common.events import event_tables

from . import SERVICE


class Base(DeclarativeBase):
    metadata = make_metadata(SERVICE)


class SpoorReferentie(TenantMixin, Base):
    """Read model of a track, kept from the sporen service's events (indicators belong to a track)."""

    __tablename__ = "spoor_referentie"

    spoor_id: Mapped[uuid.UUID] = mapped_column(primary_key=True)
    nummer: Mapped[int] = mapped_column(Integer)
    naam: Mapped[str] = mapped_column(String(200))
    status: Mapped[str] = mapped_column(String(30))
    versie: Mapped[int] = mapped_column(Integer, comment="Version of the track this row reflects")
    events_applied: Mapped[int] = mapped_column(
        Integer, default=0, comment="Number of sporen events applied to this row (each exactly once)"
    )
    bijgewerkt_op: Mapped[datetime] = mapped_column(DateTime(timezone=True), server_default=func.now())


EVENTS = event_tables(Base.metadata)
