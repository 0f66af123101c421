"""Tables of the gesprekstafels schema (the yearly cycle itself comes with its issue)."""

from __future__ import annotations

from sqlalchemy.orm import DeclarativeBase
from stuurcyclus_common.db import make_metadata
from stuurcyclus_common.events import event_tables
from stuurcyclus_common.readmodel import AmbitieReferentieMixin

from . import SERVICE


class Base(DeclarativeBase):
    metadata = make_metadata(SERVICE)


class AmbitieReferentie(AmbitieReferentieMixin, Base):
    """Read model of an ambition (tables and calls are per ambition), kept from the sporen service's events."""

    __tablename__ = "ambitie_referentie"


EVENTS = event_tables(Base.metadata)
