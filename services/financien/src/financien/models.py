"""Tables of the financien schema (savings, budgets and ceilings come with its issue)."""

from __future__ import annotations

from sqlalchemy.orm import DeclarativeBase
from stuurcyclus_common.db import make_metadata
from stuurcyclus_common.events import event_tables
from stuurcyclus_common.readmodel import AmbitieReferentieMixin, SpoorReferentieMixin

from . import SERVICE


class Base(DeclarativeBase):
    metadata = make_metadata(SERVICE)


class SpoorReferentie(SpoorReferentieMixin, Base):
    """Read model of a track (savings lines belong to a track), kept from the sporen service's events."""

    __tablename__ = "spoor_referentie"


class AmbitieReferentie(AmbitieReferentieMixin, Base):
    """Read model of an ambition (budgets and ceilings are per ambition), kept from the sporen service's events."""

    __tablename__ = "ambitie_referentie"


EVENTS = event_tables(Base.metadata)
