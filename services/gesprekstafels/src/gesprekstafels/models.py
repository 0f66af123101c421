"""Tables of the gesprekstafels schema: the event tables from the start; its domain tables come with its issue."""

from __future__ import annotations

from sqlalchemy.orm import DeclarativeBase
from stuurcyclus_common.db import make_metadata
from stuurcyclus_common.events import event_tables

from . import SERVICE


class Base(DeclarativeBase):
    metadata = make_metadata(SERVICE)


EVENTS = event_tables(Base.metadata)
