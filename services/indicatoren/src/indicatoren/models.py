"""Tables of the indicatoren schema."""

from __future__ import annotations

from sqlalchemy.orm import DeclarativeBase
from stuurcyclus_common.db import make_metadata
from stuurcyclus_common.events import event_tables
from stuurcyclus_common.readmodel import SpoorReferentieMixin

from . import SERVICE


class Base(DeclarativeBase):
    metadata = make_metadata(SERVICE)


class SpoorReferentie(SpoorReferentieMixin, Base):
    """Read model of a track (indicators belong to a track), kept from the sporen service's events."""

    __tablename__ = "spoor_referentie"


EVENTS = event_tables(Base.metadata)
