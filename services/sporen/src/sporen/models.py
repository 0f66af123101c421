"""Tables of the sporen schema."""

from __future__ import annotations

import uuid

from sqlalchemy import Integer, String, Text, UniqueConstraint
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column
from stuurcyclus_common.db import TenantMixin, TimestampMixin, make_metadata
from stuurcyclus_common.events import event_tables

from . import SERVICE


class Base(DeclarativeBase):
    metadata = make_metadata(SERVICE)


class Spoor(TenantMixin, TimestampMixin, Base):
    """A track (*spoor*) of a municipality's reform agenda."""

    __tablename__ = "spoor"
    __table_args__ = (UniqueConstraint("tenant", "nummer"),)

    id: Mapped[uuid.UUID] = mapped_column(primary_key=True, default=uuid.uuid4)
    nummer: Mapped[int] = mapped_column(Integer)
    naam: Mapped[str] = mapped_column(String(200))
    omschrijving: Mapped[str | None] = mapped_column(Text)
    status: Mapped[str] = mapped_column(String(30), default="actief")
    versie: Mapped[int] = mapped_column(Integer, default=1)


EVENTS = event_tables(Base.metadata)
