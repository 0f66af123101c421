"""Tables of the financien schema (savings, budgets and ceilings come with its issue)."""

from __future__ import annotations

import uuid

from sqlalchemy import Integer, String
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column
from stuurcyclus_common.db import make_metadata
from stuurcyclus_common.events import event_tables
from stuurcyclus_common.readmodel import ReadModelMixin

from . import SERVICE


class Base(DeclarativeBase):
    metadata = make_metadata(SERVICE)


class SpoorReferentie(ReadModelMixin, Base):
    """Read model of a track (savings lines belong to a track), from sporen's events."""

    __tablename__ = "spoor_referentie"

    spoor_id: Mapped[uuid.UUID] = mapped_column(primary_key=True)
    nummer: Mapped[int] = mapped_column(Integer)
    naam: Mapped[str] = mapped_column(String(200))
    status: Mapped[str] = mapped_column(String(30))


class AmbitieReferentie(ReadModelMixin, Base):
    """Read model of an ambition (budgets and subsidy ceilings are per ambition), from sporen's events."""

    __tablename__ = "ambitie_referentie"

    ambitie_id: Mapped[uuid.UUID] = mapped_column(primary_key=True)
    nummer: Mapped[int] = mapped_column(Integer)
    naam: Mapped[str] = mapped_column(String(200))


EVENTS = event_tables(Base.metadata)
