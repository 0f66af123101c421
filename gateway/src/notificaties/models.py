"""Tables of the notificaties schema: subscriptions, the deliveries they are owed, and every delivery attempt."""

from __future__ import annotations

import uuid
from datetime import datetime

from sqlalchemy import BigInteger, DateTime, ForeignKey, Index, Integer, String, Text, UniqueConstraint, func
from sqlalchemy.dialects.postgresql import JSONB
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column
from stuurcyclus_common.db import TenantMixin, make_metadata
from stuurcyclus_common.events import event_tables
from stuurcyclus_common.secrecy import secret_column
from stuurcyclus_common.writes import write_tables

from . import SERVICE


class Base(DeclarativeBase):
    metadata = make_metadata(SERVICE)
    __mapper_args__ = {"eager_defaults": True}


class Abonnement(TenantMixin, Base):
    """A subscription (Notificaties API *abonnement*): where to deliver which channels' events, filtered."""

    __tablename__ = "abonnement"

    id: Mapped[uuid.UUID] = mapped_column(primary_key=True, default=uuid.uuid4)
    callback_url: Mapped[str] = mapped_column(String(1000))
    auth: Mapped[str] = secret_column(String(1000), comment="Sent as the Authorization header of each delivery")
    geheim: Mapped[str] = secret_column(String(100), comment="HMAC-SHA256 key of the signature header")
    kanalen: Mapped[list] = mapped_column(JSONB, comment="[{naam, filters: {kenmerk: waarde}}]")
    formaat: Mapped[str] = mapped_column(String(20), comment="notificatie (Notificaties API) / cloudevents")
    max_pogingen: Mapped[int | None] = mapped_column(Integer)
    client: Mapped[str] = mapped_column(String(200), comment="Who subscribed (token subject)")
    rol: Mapped[str] = mapped_column(
        String(30), server_default="subsidieadministratie", comment="The subscriber's role: what it may be sent"
    )
    organisatie: Mapped[str | None] = mapped_column(
        String(200), comment="A partner subscriber's organisation: it is sent its own events and the public ones"
    )
    aangemaakt_op: Mapped[datetime] = mapped_column(DateTime(timezone=True), server_default=func.now())


class Aflevering(TenantMixin, Base):
    """One event owed to one subscription: waiting, delivered or parked; the body is fixed when it is queued."""

    __tablename__ = "aflevering"
    __table_args__ = (
        UniqueConstraint("tenant", "abonnement_id", "event_id"),
        Index("ix_aflevering_tenant_abonnement_id", "tenant", "abonnement_id"),
    )

    id: Mapped[uuid.UUID] = mapped_column(primary_key=True, default=uuid.uuid4)
    abonnement_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("abonnement.id", ondelete="CASCADE"))
    event_id: Mapped[uuid.UUID] = mapped_column(comment="Also the receiver's Idempotency-Key")
    kanaal: Mapped[str] = mapped_column(String(100))
    bericht: Mapped[dict] = mapped_column(JSONB)
    status: Mapped[str] = mapped_column(String(12), index=True, comment="wachtend / afgeleverd / geparkeerd")
    pogingen: Mapped[int] = mapped_column(Integer, default=0)
    volgende_poging_op: Mapped[datetime] = mapped_column(DateTime(timezone=True), server_default=func.now(), index=True)
    laatste_fout: Mapped[str | None] = mapped_column(Text)
    aangemaakt_op: Mapped[datetime] = mapped_column(DateTime(timezone=True), server_default=func.now())
    afgeleverd_op: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))


class Poging(Base):
    """The delivery log: every attempt, its answer (HTTP status) or error, and how long it took."""

    __tablename__ = "poging"

    id: Mapped[int] = mapped_column(BigInteger, primary_key=True, autoincrement=True)
    aflevering_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("aflevering.id", ondelete="CASCADE"), index=True)
    nummer: Mapped[int] = mapped_column(Integer)
    op: Mapped[datetime] = mapped_column(DateTime(timezone=True), server_default=func.now())
    status_code: Mapped[int | None] = mapped_column(Integer)
    fout: Mapped[str | None] = mapped_column(Text)
    duur_ms: Mapped[int] = mapped_column(Integer)


EVENTS = event_tables(Base.metadata)
#: The audit trail of each collection of the API shows the changes of these tables' rows.
WRITES = write_tables(
    Base.metadata,
    audited={"abonnementen": Abonnement},
)
